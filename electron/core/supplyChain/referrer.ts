/**
 * One referrer as a tree node: its manifest read, the layers this tool understands fetched and judged,
 * the rest shown by descriptor. Notation signatures are shown and marked as not verified here (their
 * trust policy and certificate chains are Notation's own); their envelopes are not fetched.
 */
import type { ReferrerView } from '../../../shared/image';
import { MediaType } from '../../../shared/mediaTypes';
import type { DiscoveryPath, SupplyChainTreeNode, Verdict } from '../../../shared/supplyChain';
import { parseManifest, type Descriptor } from '../convert/manifestTypes';
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

function layerNode(layer: Descriptor, reading: LayerReading, platform: string | null, via: DiscoveryPath): SupplyChainTreeNode {
  return {
    kind: reading.kind,
    digest: layer.digest,
    mediaType: layer.mediaType,
    artifactType: null,
    platform,
    format: reading.format,
    via,
    title: reading.title,
    summary: reading.summary,
    verdict: reading.verdict,
    documents: reading.documents,
    children: [],
  };
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
  const stored = await at.source.manifestByDigest(descriptor.digest, at.ctx);
  const parsed = parseManifest(stored.bytes, stored.mediaType);
  const manifest = parsed.kind === 'ociManifest' || parsed.kind === 'schema2' ? parsed.manifest : null;
  const artifactType = artifactTypeOf(descriptor, manifest ?? {});
  const node: SupplyChainTreeNode = {
    kind: 'other',
    digest: descriptor.digest,
    mediaType: parsed.mediaType,
    artifactType,
    platform: at.platform,
    format: 'unknown',
    via,
    title: artifactType ? `artifact (${artifactType})` : `${parsed.mediaType} referrer`,
    summary: [],
    verdict: { verified: null, reason: 'not checked (no layer this tool reads)' },
    documents: [{ label: 'manifest', mediaType: parsed.mediaType, text: Buffer.from(stored.bytes).toString('utf8') }],
    children: [],
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
    const bytes = await at.source.blob(layer.digest, LAYER_SIZE_LIMIT, at.ctx);
    children.push(layerNode(layer, readLayer(layer, artifactType, bytes, at.judge), at.platform, via));
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
