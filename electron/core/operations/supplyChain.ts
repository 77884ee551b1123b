/**
 * The supply chain of an image as one tree: the subject (index or manifest), each platform child, and
 * everything that refers to either, found by every discovery path and judged offline. BuildKit's
 * attestation manifests, which an index lists as platform unknown/unknown with the annotations
 * `vnd.docker.reference.type: attestation-manifest` and `vnd.docker.reference.digest`, go under the
 * platform they describe, not beside it.
 */
import type { CapturedExchange } from '../../../shared/exchange';
import type { ReferrerView } from '../../../shared/image';
import type { CoverageRow, PublicKeyInput, SupplyChainNode, SupplyChainResult, SupplyChainTreeNode } from '../../../shared/supplyChain';
import { parseManifest, type Descriptor } from '../convert/manifestTypes';
import { LensError } from '../errors';
import { formatPlatform, platformMatches, type PlatformWanted } from '../convert/selectPlatform';
import { discoverReferrers, layoutFinder, noReferrers, registryFinder, type ReferrerFinder } from '../supplyChain/discover';
import type { RegistryClient } from '../registry/client';
import { parseReference, type Reference } from '../registry/reference';
import type { SourceSpec } from '../sources/sourceSpec';
import { loadTrust, type IdentityPolicy } from '../supplyChain/keyless';
import { loadPublicKey } from '../supplyChain/keys';
import { readReferrer, type ReferrerContext } from '../supplyChain/referrer';
import type { ImageSource, SourceContext } from '../sources/source';

const REFERENCE_TYPE = 'vnd.docker.reference.type';
const REFERENCE_DIGEST = 'vnd.docker.reference.digest';

export interface SupplyChainOptions {
  reference: string;
  keys: readonly PublicKeyInput[];
  trustedRoot?: string;
  /** Who a keyless bundle must be signed by (exact SAN and OIDC issuer); needs a trusted root. */
  policy?: IdentityPolicy;
  platform?: PlatformWanted;
  signal?: AbortSignal;
  /** Receives each exchange as well (a support bundle's request log). */
  onExchange?: (exchange: CapturedExchange) => void;
}

interface Target {
  node: SupplyChainTreeNode;
  /** BuildKit attestation manifests an index lists for this target. */
  attestations: Descriptor[];
}

const isAttestationEntry = (d: Descriptor) => d.annotations?.[REFERENCE_TYPE] === 'attestation-manifest';

function subjectNode(
  kind: 'index' | 'manifest',
  digest: string,
  mediaType: string,
  platform: string | null,
  bytes: Uint8Array | null,
): SupplyChainTreeNode {
  return {
    kind,
    digest,
    mediaType,
    artifactType: null,
    platform,
    format: null,
    via: null,
    title: kind === 'index' ? 'image index' : platform ? `${platform} image` : 'image manifest',
    summary: [],
    verdict: null,
    documents: bytes ? [{ label: 'manifest', mediaType, text: Buffer.from(bytes).toString('utf8') }] : [],
    children: [],
  };
}

function viewOf(d: Descriptor): ReferrerView {
  return { digest: d.digest, mediaType: d.mediaType, size: d.size, artifactType: d.artifactType ?? null, annotations: d.annotations ?? {} };
}

/** The flat list and coverage table of the JSON contract, read off the tree. */
function flatten(targets: readonly Target[]): { nodes: SupplyChainNode[]; coverage: CoverageRow[] } {
  const nodes: SupplyChainNode[] = [];
  const coverage: CoverageRow[] = [];
  for (const { node: target } of targets) {
    const referrers = target.children.filter((c) => c.kind !== 'index' && c.kind !== 'manifest');
    for (const r of referrers) {
      nodes.push({
        digest: r.digest,
        mediaType: r.mediaType,
        artifactType: r.artifactType,
        kind: r.kind as SupplyChainNode['kind'],
        format: r.format ?? 'unknown',
        via: r.via ?? 'index-entry',
        subject: target.digest,
        platform: target.platform,
        verified: r.verdict?.verified ?? null,
        reason: r.verdict?.reason ?? '',
      });
    }
    const signatures = referrers.filter((r) => r.kind === 'signature');
    coverage.push({
      digest: target.digest,
      platform: target.platform,
      signed: signatures.length > 0,
      verified: signatures.some((s) => s.verdict?.verified === true),
      attested: referrers.some(
        (r) => r.kind === 'attestation' || r.format === 'in-toto' || (r.kind === 'sbom' && r.format === 'sigstore-bundle'),
      ),
    });
  }
  return { nodes, coverage };
}

export async function supplyChainOf(
  source: ImageSource,
  finderFor: (ctx: SourceContext) => Promise<ReferrerFinder>,
  options: SupplyChainOptions,
): Promise<SupplyChainResult> {
  const keys = options.keys.map(loadPublicKey);
  const policy = options.policy ?? {};
  if (options.trustedRoot === undefined && (policy.identity !== undefined || policy.issuer !== undefined)) {
    throw new LensError('USAGE', 'A certificate identity or OIDC issuer policy needs a trusted root to check it against.');
  }
  const trust = options.trustedRoot === undefined ? null : loadTrust(options.trustedRoot, policy);
  const exchanges: CapturedExchange[] = [];
  const ctx: SourceContext = {
    signal: options.signal,
    onExchange: (e) => {
      exchanges.push(e);
      options.onExchange?.(e);
    },
  };

  const finder = await finderFor(ctx);
  const top = await source.manifest(ctx);
  const parsed = parseManifest(top.bytes, top.mediaType);
  const isList = parsed.kind === 'ociIndex' || parsed.kind === 'dockerList';
  const root: Target = { node: subjectNode(isList ? 'index' : 'manifest', top.digest, top.mediaType, null, top.bytes), attestations: [] };
  const targets: Target[] = [root];
  if (isList) {
    const entries = parsed.manifest.manifests;
    for (const child of entries.filter((d) => !isAttestationEntry(d))) {
      if (options.platform && !platformMatches(options.platform, child.platform)) continue;
      const platform = child.platform ? formatPlatform(child.platform) : null;
      targets.push({
        node: subjectNode('manifest', child.digest, child.mediaType, platform, null),
        attestations: entries.filter((d) => isAttestationEntry(d) && d.annotations?.[REFERENCE_DIGEST] === child.digest),
      });
    }
  }

  const readIndex = async (d: ReferrerView) => (await source.manifestByDigest(d.digest, ctx)).bytes;
  // A keyless message signature is verified against its subject's bytes: the top's are read already.
  const bytesOf = async (digest: string) => (digest === top.digest ? top.bytes : (await source.manifestByDigest(digest, ctx)).bytes);
  // Targets are read side by side (each platform's requests in order): an index of many platforms
  // would otherwise wait for every round trip in turn.
  const served = await Promise.all(
    targets.map(async ({ node, attestations }) => {
      const at: ReferrerContext = {
        source,
        ctx,
        judge: { keys, trust, subject: node.digest, subjectBytes: () => bytesOf(node.digest) },
        platform: node.platform,
      };
      const discovery = await discoverReferrers(finder, node.digest, readIndex);
      for (const found of discovery.referrers) node.children.push(await readReferrer(found, at));
      for (const entry of attestations) node.children.push(await readReferrer({ descriptor: viewOf(entry), via: 'index-entry' }, at));
      return discovery.apiServed;
    }),
  );
  // The root's platform children go after its own referrers, which were read above.
  root.node.children.push(...targets.slice(1).map((t) => t.node));
  return {
    subject: { reference: options.reference, digest: top.digest, mediaType: top.mediaType },
    tree: root.node,
    ...flatten(targets),
    notes: [finder.explain(served[0] ?? false)],
    exchanges,
  };
}

/** Where a source's referrers are looked for: its registry, its layout's index.json, or nowhere. */
export function referrerFinder(
  spec: SourceSpec,
  source: ImageSource,
  clientFor: (reference: Reference) => RegistryClient,
): (ctx: SourceContext) => Promise<ReferrerFinder> {
  return async (ctx) => {
    switch (spec.transport) {
      case 'registry': {
        const reference = parseReference(spec.reference);
        return registryFinder(clientFor(reference), reference.repository, ctx);
      }
      case 'oci':
        return layoutFinder(spec.dir, source);
      default:
        return noReferrers;
    }
  };
}
