/**
 * One image from any source into any of the six formats: the I/O around the pure conversions. It reads
 * what a conversion needs and nothing more (the manifest; a list's platform child; the config when the
 * target needs it; each layer, streamed through computeDiffId, only for a schema 1 rescue) and returns
 * the result with every decision it took written into the notes.
 *
 * Routes, by what the source serves:
 * - a list or index to a list format: converted directly, children referenced as they are;
 * - a list or index to an image format: its platform child (linux/amd64 by default, the first match,
 *   as distribution picks) is fetched by digest and converted;
 * - an image to a list format: a new list with the image as its only entry;
 * - schema 2 / OCI between each other, and down to schema 1 (signed or not);
 * - schema 1 up to schema 2 / OCI (a new config), or signed ↔ unsigned.
 * Impossible conversions throw LensError('CONVERSION_REFUSED').
 */
import { availableParallelism } from 'node:os';
import type { ConvertResult, OciConfigMode } from '../../../shared/conversion';
import type { FormatId } from '../../../shared/mediaTypes';
import { MediaType } from '../../../shared/mediaTypes';
import { computeDiffId, type LayerDigests, type LayerProgress } from '../convert/diffIds';
import { downgradableManifest, downgradeToSchema1 } from '../convert/downgradeToSchema1';
import { imageToList, needsConfig, type ListTarget } from '../convert/imageToList';
import { indexToList, listToIndex } from '../convert/listToIndex';
import { parseManifest, type ParsedManifest } from '../convert/manifestTypes';
import { withMediaType } from '../convert/namedMediaType';
import { note } from '../convert/notes';
import { ociToSchema2Manifest } from '../convert/ociToSchema2';
import { canonicalPayload, signPrettyJws, stripSignatures, type SigningKey } from '../convert/prettyJws';
import { schema2ToOciManifest, type OciConfigChoice } from '../convert/schema2ToOci';
import { schema1Signature, type SignatureVerdict } from '../convert/signatureVerdict';
import { DEFAULT_PLATFORM, formatPlatform, selectPlatform, type PlatformWanted } from '../convert/selectPlatform';
import type { ConversionNote, ConversionResult } from '../convert/types';
import { layersNeedingDiffIds, upgradeFromSchema1 } from '../convert/upgradeFromSchema1';
import { eachOf } from '../bounded';
import { LensError } from '../errors';
import { CONFIG_SIZE_LIMIT, type ImageSource, type SourceContext, type SourceManifest } from '../sources/source';

export interface LayerProgressEvent extends LayerProgress {
  /** The layer's digest, its position among the layers streamed (from 0) and how many there are. */
  digest: string;
  layer: number;
  layers: number;
}

export interface ConvertOptions extends SourceContext {
  to: FormatId;
  /** Which image of a list; linux/amd64 (any variant) when absent. Not used for an image source. */
  platform?: PlatformWanted;
  /** For v2s1; an ephemeral P-256 key when absent. */
  signingKey?: SigningKey;
  /** Bytes streamed per layer, for a schema 1 rescue. */
  onProgress?: (progress: LayerProgressEvent) => void;
  /** The schema 1 signature time (tests). */
  now?: Date;
  /** For oci of a Docker image (schema 2, a schema 1 rescue): the config as it is (default) or normalised as skopeo writes it. */
  ociConfig?: OciConfigMode;
}

export interface ConvertedImage extends ConversionResult {
  format: FormatId;
  from: {
    mediaType: string;
    digest: string;
    child: { digest: string; mediaType: string; index: number; platform: string } | null;
    /** The verdict on the schema 1 image read (the list's child when the source is a list); null for other formats. */
    signature: SignatureVerdict | null;
  };
  /** A config blob the conversion created (schema 1 rescue, a normalised OCI config); it must travel with the manifest. */
  config: { bytes: Uint8Array; mediaType: string; digest: string } | null;
}

type ImageKind = Extract<ParsedManifest, { kind: 'schema1' | 'schema2' | 'ociManifest' }>;
type ListKind = Extract<ParsedManifest, { kind: 'dockerList' | 'ociIndex' }>;

const LIST_TARGETS: readonly FormatId[] = ['docker-list', 'oci-index'];

function isList(parsed: ParsedManifest): parsed is ListKind {
  return parsed.kind === 'dockerList' || parsed.kind === 'ociIndex';
}

/** The document as stored, when source and target format are the same. */
function unchanged(stored: SourceManifest): ConversionResult {
  return { bytes: stored.bytes, mediaType: stored.mediaType, digest: stored.digest, notes: [] };
}

function listToList(stored: SourceManifest, list: ListKind, to: ListTarget): ConversionResult {
  if (list.kind === 'dockerList') return to === 'docker-list' ? unchanged(stored) : listToIndex(stored.bytes);
  return to === 'oci-index' ? unchanged(stored) : indexToList(stored.bytes);
}

/** An OCI source for oci: as stored; asked to normalise the config, it says why that does not apply. */
function alreadyOci(stored: SourceManifest, ociConfig: OciConfigMode | undefined): ConversionResult {
  if (ociConfig !== 'normalized') return unchanged(stored);
  const why =
    'The source is an OCI manifest already, so its config is referenced as it is: --oci-config normalized applies to Docker sources.';
  return { ...unchanged(stored), notes: [note('refused', 'config', why)] };
}

/** The schema 1 a registry stores a list or image under needs a tag; a digest reference has none. */
function schema1Tag(source: ImageSource, notes: ConversionNote[]): string {
  if (source.name.tag) return source.name.tag;
  notes.push(note('changed', 'tag', 'The source names no tag, so the schema 1 document names the tag "latest".'));
  return 'latest';
}

async function fromSchema1(
  source: ImageSource,
  stored: SourceManifest,
  image: Extract<ImageKind, { kind: 'schema1' }>,
  options: ConvertOptions,
) {
  const signed = image.mediaType === MediaType.dockerSchema1Signed;
  switch (options.to) {
    case 'v2s1-unsigned':
      return { result: signed ? stripSignatures(stored.bytes) : unchanged(stored), config: null };
    case 'v2s1': {
      if (signed && !options.signingKey) return { result: unchanged(stored), config: null };
      const payload = signed ? canonicalPayload(stored.bytes) : stored.bytes;
      const bytes = await signPrettyJws(payload, { key: options.signingKey, now: options.now });
      const why = signed
        ? `Re-signed with the given key ${options.signingKey!.keyId}; the old signatures were dropped.`
        : 'Signed; the payload and digest are unchanged.';
      return {
        result: { bytes, mediaType: MediaType.dockerSchema1Signed, digest: stored.digest, notes: [note('changed', 'signatures', why)] },
        config: null,
      };
    }
    case 'v2s2':
    case 'oci': {
      const layers = await streamLayers(source, stored.bytes, options);
      const upgraded = upgradeFromSchema1(stored.bytes, layers, options.to, options.ociConfig);
      return { result: upgraded, config: upgraded.config };
    }
    case 'docker-list':
    case 'oci-index':
      throw new LensError(
        'CONVERSION_REFUSED',
        'Cannot list a schema 1 image: it has no config to state its platform. Convert it to v2s2 or oci first.',
      );
  }
}

/**
 * Layers streamed at once by a schema 1 rescue: gunzip runs on libuv's thread pool, so each stream can
 * keep a core busy; more streams than cores only share them.
 */
const LAYER_STREAMS = Math.max(1, Math.min(availableParallelism(), 4));

/** Streams every layer the upgrade needs through computeDiffId, up to LAYER_STREAMS at once. */
async function streamLayers(source: ImageSource, schema1: Uint8Array, options: ConvertOptions): Promise<Map<string, LayerDigests>> {
  const digests = layersNeedingDiffIds(schema1);
  const found = new Map<string, LayerDigests>();
  await eachOf([...digests.entries()], LAYER_STREAMS, async ([layer, digest]) => {
    options.signal?.throwIfAborted();
    const blob = await source.blobStream(digest, options);
    const onProgress = options.onProgress && ((p: LayerProgress) => options.onProgress!({ ...p, digest, layer, layers: digests.length }));
    found.set(
      digest,
      await computeDiffId(blob.stream, {
        expectedDigest: digest,
        expectedSize: blob.size ?? undefined,
        onProgress,
        signal: options.signal,
      }),
    );
  });
  return found;
}

/**
 * A schema 1 image is verified as it is read; one whose signature does not verify is still converted,
 * and every result made from it says so first.
 */
async function fromImage(source: ImageSource, stored: SourceManifest, image: ImageKind, options: ConvertOptions) {
  if (image.kind !== 'schema1') return { ...(await fromOtherImage(source, stored, image, options)), signature: null };
  const signature = await schema1Signature(stored.bytes, stored.mediaType);
  const { result, config } = await fromSchema1(source, stored, image, options);
  if (signature?.status !== 'does-not-verify') return { result, config, signature };
  const unverified = note(
    'unverified',
    'signatures',
    `The source's schema 1 signature does not verify (${signature.reason}); its content is not vouched for by its signer.`,
  );
  return { result: { ...result, notes: [unverified, ...result.notes] }, config, signature };
}

/**
 * The config for a conversion that reads it only for its notes: why it could not be read (a manifest file
 * given without it, a blob the source lacks) does not stop the conversion. Cancelling does.
 */
async function configForNotes(config: () => Promise<Uint8Array>, signal?: AbortSignal): Promise<Uint8Array | { unread: string }> {
  try {
    return await config();
  } catch (e) {
    if (signal?.aborted || !(e instanceof LensError)) throw e;
    return { unread: e.message };
  }
}

async function fromOtherImage(
  source: ImageSource,
  stored: SourceManifest,
  image: Exclude<ImageKind, { kind: 'schema1' }>,
  options: ConvertOptions,
) {
  const config = () => source.blob(image.manifest.config.digest, CONFIG_SIZE_LIMIT, options);
  const to = options.to;
  switch (to) {
    case 'v2s2': {
      if (image.kind === 'ociManifest') return { result: ociToSchema2Manifest(image.manifest), config: null };
      const named = image.manifest.mediaType !== undefined;
      return { result: named ? unchanged(stored) : withMediaType(stored.bytes, MediaType.dockerSchema2), config: null };
    }
    case 'oci': {
      if (image.kind === 'ociManifest') return { result: alreadyOci(stored, options.ociConfig), config: null };
      const choice: OciConfigChoice =
        options.ociConfig === 'normalized'
          ? { mode: 'normalized', config: await config() }
          : { mode: 'kept', config: await configForNotes(config, options.signal) };
      const result = schema2ToOciManifest(image.manifest, choice);
      return { result, config: result.config };
    }
    case 'v2s1':
    case 'v2s1-unsigned': {
      const notes: ConversionNote[] = [];
      const tag = schema1Tag(source, notes);
      downgradableManifest(stored.bytes);
      const input = { manifest: stored.bytes, config: await config(), repository: source.name.repository, tag };
      const result = await downgradeToSchema1(input, { signed: to === 'v2s1', key: options.signingKey, now: options.now });
      return { result: { ...result, notes: [...notes, ...result.notes] }, config: null };
    }
    case 'docker-list':
    case 'oci-index': {
      const listed = { manifest: stored.bytes, digest: stored.digest, config: needsConfig(image) ? await config() : undefined };
      return { result: imageToList(listed, to), config: null };
    }
  }
}

export async function convertImage(source: ImageSource, options: ConvertOptions): Promise<ConvertedImage> {
  const top = await source.manifest(options);
  const parsed = parseManifest(top.bytes, top.mediaType);
  const from = { mediaType: top.mediaType, digest: top.digest, child: null };

  if (isList(parsed) && LIST_TARGETS.includes(options.to)) {
    return { ...listToList(top, parsed, options.to as ListTarget), format: options.to, from: { ...from, signature: null }, config: null };
  }
  if (!isList(parsed)) {
    const { result, config, signature } = await fromImage(source, top, parsed, options);
    return { ...result, format: options.to, from: { ...from, signature }, config };
  }

  const wanted = options.platform ?? DEFAULT_PLATFORM;
  const { descriptor, index } = selectPlatform(parsed.manifest, wanted);
  const stored = await source.manifestByDigest(descriptor.digest, options);
  const child = parseManifest(stored.bytes, stored.mediaType);
  if (isList(child)) {
    throw new LensError(
      'CONVERSION_REFUSED',
      `The entry for ${formatPlatform(wanted)} (${descriptor.digest}) is itself a list; name it by digest to convert it.`,
    );
  }
  const platform = formatPlatform(descriptor.platform!);
  const others = parsed.manifest.manifests.length - 1;
  const chosen = note(
    'changed',
    `manifests[${index}]`,
    `The list was resolved to its ${platform} entry ${descriptor.digest}${others > 0 ? `; its ${others} other entr${others === 1 ? 'y is' : 'ies are'} not part of this result` : ''}.`,
  );
  const { result, config, signature } = await fromImage(source, stored, child, options);
  return {
    ...result,
    notes: [chosen, ...result.notes],
    format: options.to,
    from: { ...from, child: { digest: descriptor.digest, mediaType: stored.mediaType, index, platform }, signature },
    config,
  };
}

const blobView = (b: { bytes: Uint8Array; mediaType: string; digest: string }) => ({
  mediaType: b.mediaType,
  digest: b.digest,
  size: b.bytes.length,
  bytesBase64: Buffer.from(b.bytes).toString('base64'),
});

/** The result as it crosses to the UI or the CLI: bytes in base64. */
export function convertResult(source: string, converted: ConvertedImage): ConvertResult {
  return {
    source,
    format: converted.format,
    manifest: blobView(converted),
    notes: converted.notes,
    from: converted.from,
    config: converted.config && blobView(converted.config),
  };
}
