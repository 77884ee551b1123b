/**
 * Pushing a converted image to a registry and tag, the way docker push does it:
 *
 * 1. HEAD the destination tag (pull scope): if it exists, stop unless the caller confirmed (force).
 * 2. Convert, writing the destination's repository and tag into schema 1's name and tag.
 * 3. For every blob the manifest names (layers, the config, the gzipped empty tar schema 1 points empty
 *    layers at, a config a schema 1 rescue created): HEAD it; if missing, mount it from the source
 *    repository when both are on one registry, else upload it, streamed, in one PUT with ?digest=.
 *    (Schema 1 names foreign layers by blobSum too; a failure on one says its blob lives only at its URL.)
 *    A list's children are pushed first, by digest, each with its blobs.
 * 4. PUT the manifest with its media type as Content-Type and check that Docker-Content-Digest is the
 *    digest computed here.
 *
 * Push scope is asked only from step 3 on, and only for the destination repository.
 */
import { Readable } from 'node:stream';
import type { ConversionNote } from '../../../shared/conversion';
import type { PushedBlob, PushProgress, PushResult } from '../../../shared/export';
import { MANIFEST_MEDIA_TYPES, MediaType, SCHEMA1_MEDIA_TYPES, type FormatId } from '../../../shared/mediaTypes';
import { convertImage, type ConvertedImage, type ConvertOptions } from '../operations/convertImage';
import { EMPTY_TAR_DIGEST, GZIPPED_EMPTY_TAR } from '../convert/downgradeToSchema1';
import { parseManifest, type Descriptor, type ParsedManifest } from '../convert/manifestTypes';
import { LensError } from '../errors';
import type { RegistryClient } from '../registry/client';
import { describeRegistryError, parseErrorBody } from '../registry/errorBody';
import { canonicalString, registryEndpointHost, type Reference } from '../registry/reference';
import { repositoryScope } from '../registry/scope';
import { header, type HttpResponse } from '../registry/transport';
import type { RegistrySource } from '../sources/registrySource';
import type { ImageSource, SourceContext } from '../sources/source';

export interface PushOptions extends Omit<ConvertOptions, 'to' | 'onProgress'> {
  destination: Reference;
  format: FormatId;
  /** Overwrite a tag that exists. */
  force?: boolean;
  onProgress?: (progress: PushProgress) => void;
}

/** A blob to make present, and where its bytes come from when it must be copied. */
interface BlobPlan {
  digest: string;
  size: number | null;
  /** Bytes the conversion created (a rebuilt config, the empty tar); otherwise read from the source. */
  bytes: Uint8Array | null;
}

const PROGRESS_STEP = 1 << 20;

/** What a registry's refusal of a schema 1 manifest most likely means, as distribution 2.8 answers. */
function schema1Hint(status: number, pushedType: string): string {
  // An unsigned schema 1 is refused with 400 MANIFEST_INVALID whether schema 1 is enabled or not; the
  // reason, "missing signature key", stays in the registry's log.
  if (pushedType === MediaType.dockerSchema1 && status === 400) {
    return ' CNCF distribution stores schema 1 only when it is signed (its log says "missing signature key"): push --to v2s1 instead, to a registry with compatibility.schema1.enabled: true.';
  }
  // Without compatibility.schema1.enabled, distribution 2.8 answers a signed schema 1 with 500 UNKNOWN and
  // keeps the reason ("manifest schema v1 unsupported") to its log.
  if (status >= 500) {
    return ' The registry may not accept schema 1: CNCF distribution 2.x needs compatibility.schema1.enabled: true, distribution 3 and Docker Hub refuse it.';
  }
  return '';
}

function registryFailure(response: HttpResponse, what: string, pushedType?: string): LensError {
  const errors = parseErrorBody(response.body);
  const denied = response.status === 401 || response.status === 403;
  const hint = !denied && pushedType && SCHEMA1_MEDIA_TYPES.includes(pushedType) ? schema1Hint(response.status, pushedType) : '';
  return new LensError(
    denied ? 'AUTH_FAILED' : 'REGISTRY_ERROR',
    `${what}: the registry answered ${describeRegistryError(response.status, response.statusText, errors)}.${hint}`,
  );
}

const ok = (response: HttpResponse) => response.status >= 200 && response.status < 300;

/** The source under another name: schema 1 writes the name and tag it is pushed to. */
function renamed(source: ImageSource, destination: Reference): ImageSource {
  return {
    kind: source.kind,
    input: source.input,
    name: { registry: destination.registry, repository: destination.repository, tag: destination.tag },
    manifest: (ctx) => source.manifest(ctx),
    manifestByDigest: (digest, ctx) => source.manifestByDigest(digest, ctx),
    blob: (digest, maxBytes, ctx) => source.blob(digest, maxBytes, ctx),
    blobStream: (digest, ctx) => source.blobStream(digest, ctx),
    close: () => source.close(),
  };
}

/** Blobs an image manifest needs in the repository; foreign layers stay where their URLs point. */
function imageBlobs(parsed: ParsedManifest): BlobPlan[] {
  const plan = (d: Descriptor): BlobPlan => ({ digest: d.digest, size: d.size, bytes: null });
  switch (parsed.kind) {
    case 'schema1': {
      const unique = [...new Set(parsed.manifest.fsLayers.map((l) => l.blobSum))];
      return unique.map((digest) => ({ digest, size: null, bytes: digest === EMPTY_TAR_DIGEST ? GZIPPED_EMPTY_TAR : null }));
    }
    case 'schema2':
    case 'ociManifest':
      return [plan(parsed.manifest.config), ...parsed.manifest.layers.filter((l) => !(l.urls && l.urls.length > 0)).map(plan)];
    default:
      return [];
  }
}

class Pusher {
  private readonly blobs: PushedBlob[] = [];
  private progress: PushProgress = { phase: 'checking', blob: null, blobsDone: 0, blobsTotal: 0, bytesDone: 0, bytesTotal: null };
  private readonly repository: string;
  /** The source repository, when blobs can be mounted from it (same registry, another repository). */
  private readonly mountFrom: string | null;

  constructor(
    private readonly client: RegistryClient,
    private readonly source: ImageSource,
    private readonly options: PushOptions,
  ) {
    this.repository = options.destination.repository;
    const registrySource = source.kind === 'registry' ? (source as RegistrySource) : null;
    const sameRegistry = registrySource !== null && registryEndpointHost(registrySource.reference) === client.host;
    this.mountFrom = sameRegistry && registrySource.reference.repository !== this.repository ? registrySource.reference.repository : null;
  }

  private get ctx(): SourceContext {
    return { signal: this.options.signal, onExchange: this.options.onExchange };
  }

  private report(change: Partial<PushProgress>): void {
    this.progress = { ...this.progress, ...change };
    this.options.onProgress?.(this.progress);
  }

  /** What the tag points at now, or null when it does not exist. */
  async existing(tag: string): Promise<{ digest: string | null; mediaType: string | null } | null> {
    const response = await this.client.manifest(this.repository, tag, { method: 'HEAD', accept: MANIFEST_MEDIA_TYPES }, this.ctx);
    if (response.status === 404) return null;
    if (!ok(response)) throw registryFailure(response, `Checking ${this.repository}:${tag}`);
    return { digest: header(response.headers, 'docker-content-digest'), mediaType: header(response.headers, 'content-type') };
  }

  private send(
    method: 'HEAD' | 'POST' | 'PUT',
    path: string,
    extra: { body?: AsyncIterable<Uint8Array>; headers?: Array<[string, string]>; scopes?: string[] } = {},
  ) {
    return this.client.send(
      {
        purpose: 'blob',
        method,
        path,
        headers: extra.headers,
        body: extra.body,
        scopes: extra.scopes ?? [repositoryScope(this.repository, 'push')],
        repository: this.repository,
        maxBodyBytes: 64 * 1024,
      },
      this.ctx,
    );
  }

  /** The path of an upload URL the registry gave, which must be on the registry itself. */
  private uploadPath(response: HttpResponse, digest: string): string {
    const location = header(response.headers, 'location');
    if (!location) throw new LensError('REGISTRY_ERROR', `Uploading ${digest}: the registry gave no upload location.`);
    const url = new URL(location, `http://${this.client.host}`);
    if (url.host !== this.client.host) {
      throw new LensError(
        'REGISTRY_ERROR',
        `Uploading ${digest}: the registry sent the upload to another host (${url.host}), which is not supported.`,
      );
    }
    url.searchParams.set('digest', digest);
    return `${url.pathname}${url.search}`;
  }

  /** The blob's bytes as a body each attempt reads afresh (a retry after an auth challenge sends it all again). */
  private body(plan: BlobPlan): AsyncIterable<Uint8Array> {
    const { source, ctx } = this;
    const base = this.progress.bytesDone;
    const report = (bytes: number) => this.report({ bytesDone: base + bytes });
    return {
      async *[Symbol.asyncIterator]() {
        const stream = plan.bytes ? Readable.from([plan.bytes]) : (await source.blobStream(plan.digest, ctx)).stream;
        let done = 0;
        let reported = 0;
        for await (const chunk of stream as AsyncIterable<Uint8Array>) {
          done += chunk.length;
          if (done - reported >= PROGRESS_STEP) {
            reported = done;
            report(done);
          }
          yield chunk;
        }
      },
    };
  }

  private async pushBlob(plan: BlobPlan): Promise<void> {
    const { digest } = plan;
    this.report({ phase: 'blobs', blob: digest });
    const head = await this.send('HEAD', `/v2/${this.repository}/blobs/${digest}`);
    if (head.status === 200) {
      this.blobs.push({ digest, size: plan.size, how: 'present' });
      return;
    }
    let upload: HttpResponse;
    if (this.mountFrom && !plan.bytes) {
      const query = new URLSearchParams({ mount: digest, from: this.mountFrom });
      upload = await this.send('POST', `/v2/${this.repository}/blobs/uploads/?${query}`, {
        scopes: [repositoryScope(this.repository, 'push'), repositoryScope(this.mountFrom, 'pull')],
      });
      if (upload.status === 201) {
        this.blobs.push({ digest, size: plan.size, how: 'mounted' });
        return;
      }
      // 202: the registry could not mount it and opened an ordinary upload instead.
    } else {
      upload = await this.send('POST', `/v2/${this.repository}/blobs/uploads/`);
    }
    if (upload.status !== 202) throw registryFailure(upload, `Starting the upload of ${digest}`);
    const before = this.progress.bytesDone;
    const size = plan.bytes?.length ?? plan.size;
    const put = await this.send('PUT', this.uploadPath(upload, digest), {
      body: this.body(plan),
      headers: [
        ['content-type', 'application/octet-stream'],
        ...(size !== null ? [['content-length', String(size)] as [string, string]] : []),
      ],
    });
    if (put.status !== 201) throw registryFailure(put, `Uploading ${digest}`);
    const stored = header(put.headers, 'docker-content-digest');
    if (stored && stored !== digest) throw new LensError('DIGEST_MISMATCH', `Blob ${digest} was stored as ${stored}.`);
    this.blobs.push({ digest, size, how: 'copied' });
    this.report({ bytesDone: before + (size ?? 0) });
  }

  private async pushAll(plans: BlobPlan[]): Promise<void> {
    for (const plan of plans) {
      await this.pushBlob(plan);
      this.report({ blobsDone: this.progress.blobsDone + 1 });
    }
  }

  /** The URLs the source image names for a foreign layer, or null when it is not one (or cannot be read). */
  private async foreignUrls(digest: string, from: ConvertedImage['from']): Promise<string[] | null> {
    try {
      const image = from.child ? await this.source.manifestByDigest(from.child.digest, this.ctx) : await this.source.manifest(this.ctx);
      const parsed = parseManifest(image.bytes, image.mediaType);
      if (parsed.kind !== 'schema2' && parsed.kind !== 'ociManifest') return null;
      return parsed.manifest.layers.find((l) => l.digest === digest && l.urls && l.urls.length > 0)?.urls ?? null;
    } catch {
      return null;
    }
  }

  /**
   * A schema 1 push names every layer by blobSum, foreign ones too, so their blobs must be copied; the
   * source has none (they live only at their URLs), and the failure says so.
   */
  private async explainBlobFailure(e: unknown, converted: ConvertedImage): Promise<unknown> {
    const digest = this.progress.blob;
    if (!(e instanceof LensError) || !digest || !SCHEMA1_MEDIA_TYPES.includes(converted.mediaType)) return e;
    const urls = await this.foreignUrls(digest, converted.from);
    if (!urls) return e;
    return new LensError(
      e.code,
      `Layer ${digest} is a foreign layer: its blob lives only at its URL (${urls.join(', ')}), not in the source, and schema 1 cannot point at a URL, so the destination would need the blob itself. Push --to v2s2 or oci, which keep the URL. (${e.message})`,
    );
  }

  private async putManifest(reference: string, mediaType: string, bytes: Uint8Array, digest: string): Promise<void> {
    const response = await this.client.putManifest(this.repository, reference, mediaType, bytes, this.ctx);
    if (response.status !== 201) throw registryFailure(response, `Storing the manifest as ${this.repository}:${reference}`, mediaType);
    const stored = header(response.headers, 'docker-content-digest');
    if (stored !== digest) {
      throw new LensError(
        'DIGEST_MISMATCH',
        `The registry stored the manifest as ${stored ?? '(no Docker-Content-Digest)'}, but its digest is ${digest}.`,
      );
    }
  }

  async run(): Promise<PushResult> {
    const started = Date.now();
    const { destination, format, force } = this.options;
    const tag = destination.tag ?? 'latest';
    const where = canonicalString({ ...destination, tag, digest: null });
    const before = await this.existing(tag);
    if (before && !force) return { outcome: 'exists', destination: where, existing: before };

    const converted = await convertImage(renamed(this.source, destination), { ...this.options, to: format, onProgress: undefined });
    const parsed = parseManifest(converted.bytes, converted.mediaType);
    const notes: ConversionNote[] = [...converted.notes];
    const children: Array<{ parsed: ParsedManifest; bytes: Uint8Array; mediaType: string; digest: string }> = [];
    if (parsed.kind === 'dockerList' || parsed.kind === 'ociIndex') {
      for (const entry of parsed.manifest.manifests) {
        const child = await this.source.manifestByDigest(entry.digest, this.ctx);
        children.push({
          parsed: parseManifest(child.bytes, child.mediaType),
          bytes: child.bytes,
          mediaType: child.mediaType,
          digest: child.digest,
        });
      }
    }
    const created = converted.config
      ? [{ digest: converted.config.digest, size: converted.config.bytes.length, bytes: converted.config.bytes }]
      : [];
    const own = imageBlobs(parsed).map((p) => created.find((c) => c.digest === p.digest) ?? p);
    const plans = [...children.flatMap((c) => imageBlobs(c.parsed)), ...own];
    const unique = plans.filter((p, i) => plans.findIndex((q) => q.digest === p.digest) === i);
    const sizes = unique.map((p) => p.bytes?.length ?? p.size);
    this.report({
      phase: 'blobs',
      blobsTotal: unique.length,
      bytesTotal: sizes.every((s) => s !== null) ? sizes.reduce<number>((a, s) => a + (s ?? 0), 0) : null,
    });
    await this.pushAll(unique).catch(async (e: unknown) => {
      throw await this.explainBlobFailure(e, converted);
    });

    this.report({ phase: 'manifest', blob: null });
    for (const child of children) await this.putManifest(child.digest, child.mediaType, child.bytes, child.digest);
    await this.putManifest(tag, converted.mediaType, converted.bytes, converted.digest);
    if (before && before.digest !== converted.digest)
      notes.push({
        kind: 'changed',
        field: 'tag',
        message: `${where} pointed at ${before.digest ?? 'another manifest'} before; it was overwritten.`,
      });
    this.report({ phase: 'done' });
    return {
      outcome: 'pushed',
      destination: where,
      format,
      mediaType: converted.mediaType,
      digest: converted.digest,
      size: converted.bytes.length,
      blobs: this.blobs,
      replaced: before?.digest ?? null,
      sourceSignature: converted.from.signature,
      notes,
      durationMs: Date.now() - started,
    };
  }
}

/** Converts the source's image to `format` and pushes it to `destination` (refusing to overwrite without force). */
export function pushImage(source: ImageSource, client: RegistryClient, options: PushOptions): Promise<PushResult> {
  return new Pusher(client, source, options).run();
}
