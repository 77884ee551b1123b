/**
 * The image around a manifest: the manifest fetched with every format accepted (so never a downgrade),
 * then a list's platforms, or the config blob and the layers of one image.
 */
import type { CapturedExchange } from '../../../shared/exchange';
import type { ImageDetails } from '../../../shared/image';
import { MANIFEST_MEDIA_TYPES } from '../../../shared/mediaTypes';
import { parseManifest } from '../convert/manifestTypes';
import { canonicalPayload } from '../convert/prettyJws';
import { LensError } from '../errors';
import { imageFromConfig, imageFromSchema1, isImageConfigType, platformEntries, type ImageView } from './imageViews';
import { referenceInfo } from './inspect';
import { expectOk, type CallContext, type RegistryClient } from '../registry/client';
import { mapBounded } from '../bounded';
import { sha256Digest } from '../digest';
import { rateLimitOf } from '../registry/rateLimit';
import type { Reference } from '../registry/reference';
import { header } from '../registry/transport';

/** Configs are small, but a history of thousands of steps or huge labels can reach megabytes. */
const CONFIG_SIZE_LIMIT = 16 * 1024 * 1024;

export interface DescribeOptions {
  /** Describe this manifest of the repository instead of what the reference names. */
  digest?: string;
  signal?: AbortSignal;
}

/** The digest a registry stores a manifest under: schema 1 by its payload without signatures. */
function manifestDigest(kind: string, bytes: Uint8Array): string {
  if (kind === 'schema1') {
    try {
      return sha256Digest(canonicalPayload(bytes));
    } catch {
      // An unsigned schema 1 is its own payload.
    }
  }
  return sha256Digest(bytes);
}

/** How many HEAD requests run at once to learn layer sizes. */
const HEAD_CONCURRENCY = 4;

/**
 * Schema 1 records no sizes; the registry knows them. HEAD costs no pull on Docker Hub and no body, and
 * the sizes tell how much a rescue to schema 2 would have to stream. A size the registry does not give
 * stays unknown.
 */
async function withBlobSizes(client: RegistryClient, repository: string, view: ImageView, ctx: CallContext): Promise<ImageView> {
  const digests = [...new Set(view.layers.map((l) => l.digest))];
  const answers = await mapBounded(digests, HEAD_CONCURRENCY, async (digest) => {
    const head = await client.blobHead(repository, digest, ctx);
    const length = Number(header(head.headers, 'content-length') ?? Number.NaN);
    return [digest, head.status === 200 && Number.isSafeInteger(length) ? length : null] as const;
  });
  const sizes = new Map<string, number | null>(answers);
  const layers = view.layers.map((l) => ({ ...l, size: sizes.get(l.digest) ?? null }));
  return { ...view, layers, notes: [...view.notes, "Layer sizes are the registry's, asked by HEAD."] };
}

export async function describeImage(
  client: RegistryClient,
  reference: Reference,
  input: string,
  options: DescribeOptions,
): Promise<ImageDetails> {
  const exchanges: CapturedExchange[] = [];
  const ctx: CallContext = { signal: options.signal, onExchange: (e) => exchanges.push(e) };
  const target: Reference = options.digest ? { ...reference, tag: null, digest: options.digest } : reference;
  const tagOrDigest = target.digest ?? target.tag ?? 'latest';
  const response = expectOk(
    await client.manifest(target.repository, tagOrDigest, { method: 'GET', accept: MANIFEST_MEDIA_TYPES }, ctx),
    `Manifest ${tagOrDigest}`,
  );
  const contentType = header(response.headers, 'content-type') ?? undefined;
  const parsed = parseManifest(response.body, contentType);
  const digest = manifestDigest(parsed.kind, response.body);
  if (options.digest && digest !== options.digest) {
    throw new LensError('DIGEST_MISMATCH', `The registry served ${digest} when asked for ${options.digest}.`);
  }

  let view: ImageView | null = null;
  const notes: string[] = [];
  switch (parsed.kind) {
    case 'dockerList':
    case 'ociIndex':
      break;
    case 'schema1':
      view = await withBlobSizes(client, target.repository, imageFromSchema1(parsed.manifest), ctx);
      break;
    case 'schema2':
    case 'ociManifest': {
      const descriptor = parsed.manifest.config;
      if (!isImageConfigType(descriptor.mediaType)) {
        notes.push(`The config is ${descriptor.mediaType}, not an image config: this manifest is an artifact, not a runnable image.`);
        break;
      }
      const blob = expectOk(await client.blob(target.repository, descriptor.digest, CONFIG_SIZE_LIMIT, ctx), `Config ${descriptor.digest}`);
      const actual = sha256Digest(blob.body);
      if (actual !== descriptor.digest) {
        throw new LensError('DIGEST_MISMATCH', `The config blob hashes to ${actual}, not to ${descriptor.digest} as the manifest says.`);
      }
      view = imageFromConfig(parsed.manifest, blob.body);
      break;
    }
  }
  const layers = view?.layers ?? [];
  const sizes = layers.map((l) => l.size);
  return {
    reference: referenceInfo(target, options.digest ? `${target.registry}/${target.repository}@${options.digest}` : input),
    manifest: { digest, mediaType: parsed.mediaType, size: response.body.length },
    platforms: parsed.kind === 'dockerList' || parsed.kind === 'ociIndex' ? platformEntries(parsed.manifest) : null,
    config: view?.config ?? null,
    layers,
    totalLayerSize: sizes.every((s): s is number => s !== null) ? sizes.reduce((a, b) => a + b, 0) : null,
    notes: [...notes, ...(view?.notes ?? [])],
    rateLimit: rateLimitOf(response.headers),
    exchanges,
  };
}
