/**
 * One referrer as a tree node: its manifest read, the layers this tool understands fetched and judged,
 * the rest shown by descriptor. Notation signatures are shown and marked as not verified here (their
 * trust policy and certificate chains are Notation's own); their envelopes are not fetched.
 */
import type { ReferrerView } from '../../../shared/image';
import { MediaType } from '../../../shared/mediaTypes';
import type { DiscoveryPath, SupplyChainTreeNode, Verdict } from '../../../shared/supplyChain';
import { parseManifest, type Descriptor } from '../convert/manifestTypes';
import { isLensError, LensError } from '../errors';
import type { ImageSource, SourceContext } from '../sources/source';
import { isReadableLayer, readLayer } from './layers';
import type { Judge, LayerReading } from './verdicts';

/** Signature, attestation and SBOM layers are small; 16 MiB leaves room for large SBOMs. */
const LAYER_SIZE_LIMIT = 16 * 1024 * 1024;

const NOTATION_SIGNATURE = 'application/vnd.cncf.notary.signature';

const IMAGE_CONFIG_TYPES: readonly string[] = [MediaType.ociConfig, MediaType.dockerConfig, MediaType.ociEmpty];

/** The artifact type as the image-spec defines it: artifactType, else a config type that is not an image's. */
function artifactTypeOf(descriptor: ReferrerView, manifest: { artifactType?: string; config?: Descriptor }): string | null {
  const config = manifest.config?.mediaType;
  return manifest.artifactType ?? descriptor.artifactType ?? (config && !IMAGE_CONFIG_TYPES.includes(config) ? config : null);
}

/** One verified layer verifies the artifact; else the first failure says why; else why nothing was checked. */
function combined(verdicts: readonly Verdict[]): Verdict {
  return (
    verdicts.find((v) => v.verified === true) ??
    verdicts.find((v) => v.verified === false) ??
    verdicts[0] ?? { verified: null, reason: 'not checked (no layer this tool reads)' }
  );
}

/** Failures that concern one referrer (gone, tampered, malformed), which the rest of the tree survives. */
const PER_REFERRER_FAILURES: readonly string[] = ['REGISTRY_ERROR', 'DIGEST_MISMATCH', 'INPUT_INVALID', 'MANIFEST_TOO_LARGE'];

async function unlessUnreadable<T>(work: () => Promise<T>): Promise<T | LensError> {
  try {
    return await work();
  } catch (e) {
    if (isLensError(e) && PER_REFERRER_FAILURES.includes(e.code)) return e;
    throw e;
  }
}

/** Bytes that do not match their digest, or do not parse, do not verify; ones that could not be fetched are not checked. */
function unreadable(error: LensError, what: string): Verdict {
  return error.code === 'REGISTRY_ERROR'
    ? { verified: null, reason: `not checked (${what} could not be read: ${error.message})` }
    : { verified: false, reason: `does not verify: ${error.message}` };
}

function bareNode(digest: string, mediaType: string, verdict: Verdict, platform: string | null, via: DiscoveryPath): SupplyChainTreeNode {
  return {
    kind: 'other',
    digest,
    mediaType,
    artifactType: null,
    platform,
    format: 'unknown',
    via,
    title: '',
    summary: [],
    verdict,
    documents: [],
    children: [],
  };
}

function layerNode(layer: Descriptor, reading: LayerReading, platform: string | null, via: DiscoveryPath): SupplyChainTreeNode {
  const { kind, format, title, summary, documents, verdict } = reading;
  return { ...bareNode(layer.digest, layer.mediaType, verdict, platform, via), kind, format, title, summary, documents };
}

export interface ReferrerContext {
  source: ImageSource;
  ctx: SourceContext;
  judge: Judge;
  platform: string | null;
}

export async function readReferrer(
  found: { descriptor: ReferrerView; via: DiscoveryPath },
  at: ReferrerContext,
): Promise<SupplyChainTreeNode> {
  const { descriptor, via } = found;
  const read = await unlessUnreadable(async () => {
    const stored = await at.source.manifestByDigest(descriptor.digest, at.ctx);
    return { stored, parsed: parseManifest(stored.bytes, stored.mediaType) };
  });
  if (read instanceof LensError) {
    return {
      ...bareNode(descriptor.digest, descriptor.mediaType, unreadable(read, 'its manifest'), at.platform, via),
      artifactType: descriptor.artifactType,
      title: 'unreadable referrer',
    };
  }
  const { stored, parsed } = read;
  const manifest = parsed.kind === 'ociManifest' || parsed.kind === 'schema2' ? parsed.manifest : null;
  const artifactType = artifactTypeOf(descriptor, manifest ?? {});
  const node: SupplyChainTreeNode = {
    ...bareNode(
      descriptor.digest,
      parsed.mediaType,
      { verified: null, reason: 'not checked (no layer this tool reads)' },
      at.platform,
      via,
    ),
    artifactType,
    title: artifactType ? `artifact (${artifactType})` : `${parsed.mediaType} referrer`,
    documents: [{ label: 'manifest', mediaType: parsed.mediaType, text: Buffer.from(stored.bytes).toString('utf8') }],
  };
  if (artifactType === NOTATION_SIGNATURE) {
    return {
      ...node,
      kind: 'signature',
      format: 'notation',
      title: 'Notation signature',
      verdict: { verified: null, reason: 'not verified by this tool' },
    };
  }
  if (!manifest) return node;
  const children: SupplyChainTreeNode[] = [];
  for (const layer of manifest.layers) {
    if (!isReadableLayer(layer, artifactType)) continue;
    const bytes = await unlessUnreadable(() => at.source.blob(layer.digest, LAYER_SIZE_LIMIT, at.ctx));
    children.push(
      bytes instanceof LensError
        ? { ...bareNode(layer.digest, layer.mediaType, unreadable(bytes, 'the layer'), at.platform, via), title: 'unreadable layer' }
        : layerNode(layer, await readLayer(layer, artifactType, bytes, at.judge), at.platform, via),
    );
  }
  if (children.length === 0) return node;
  const kinds = new Set(children.map((c) => c.kind));
  const kind = kinds.size === 1 ? children[0]!.kind : kinds.has('attestation') ? 'attestation' : 'other';
  const first = children[0]!;
  return {
    ...node,
    kind,
    format: first.format,
    title:
      via === 'index-entry' ? 'BuildKit attestation manifest' : children.length === 1 ? first.title : `${kind} (${children.length} layers)`,
    summary: children.length === 1 ? first.summary : children.map((c) => ({ label: c.title, value: c.verdict?.reason ?? '' })),
    verdict: combined(children.map((c) => c.verdict!)),
    children,
  };
}
