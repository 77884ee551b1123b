/**
 * The supply chain of an image: the subject (index or manifest), each platform child, and everything
 * that refers to them (signatures, attestations, SBOMs, other artifacts), each decoded and, where a key
 * or trust root was given, verified offline.
 */
import { z } from 'zod';
import type { CapturedExchange } from './exchange';

/** A public key the user gives, as PEM text (ECDSA P-256/P-384, RSA or Ed25519); `name` labels verdicts. */
export const PublicKeyInput = z.object({
  name: z.string().min(1).max(1024),
  pem: z
    .string()
    .min(1)
    .max(64 * 1024),
});
export type PublicKeyInput = z.infer<typeof PublicKeyInput>;

export const SupplyChainArgs = z.object({
  source: z.string().min(1).max(4096),
  keys: z.array(PublicKeyInput).max(32).default([]),
  /** A sigstore trusted root (trusted_root.json) as text; bundles are checked against it. */
  trustedRoot: z
    .string()
    .min(1)
    .max(4 * 1024 * 1024)
    .optional(),
  /** A keyless bundle must be signed by exactly this identity (the certificate's SAN), as cosign's --certificate-identity. */
  certificateIdentity: z.string().min(1).max(4096).optional(),
  /** A keyless bundle's certificate must name exactly this OIDC issuer, as cosign's --certificate-oidc-issuer. */
  certificateOidcIssuer: z.string().min(1).max(4096).optional(),
  /** OS/ARCH[/VARIANT]: only this platform's child of an index (the index itself is always shown). */
  platform: z.string().min(1).max(200).optional(),
  requestId: z.string().min(1).max(100).optional(),
});
export type SupplyChainArgs = z.input<typeof SupplyChainArgs>;

export type SupplyChainKind = 'signature' | 'attestation' | 'sbom' | 'other';
export type SupplyChainFormat = 'cosign' | 'sigstore-bundle' | 'notation' | 'in-toto' | 'spdx' | 'cyclonedx' | 'unknown';
/** How a referrer was found. */
export type DiscoveryPath = 'referrers-api' | 'referrers-tag' | 'cosign-tag' | 'index-entry';

/**
 * A verdict: true "verified", false "does not verify" (reason says why), null "not checked" (reason says
 * what was missing: a key, a trust root, or that this tool does not verify the format).
 */
export interface Verdict {
  verified: boolean | null;
  reason: string;
}

/** One fact a decoder read, e.g. {label: 'builder', value: 'https://github.com/actions/runner'}. */
export interface SummaryField {
  label: string;
  value: string;
}

/** A document shown read-only (a manifest, a payload, a statement), as text. */
export interface ShownDocument {
  label: string;
  mediaType: string;
  text: string;
}

export type TreeNodeKind = 'index' | 'manifest' | SupplyChainKind;

/** A node of the per-platform tree, complete enough for a UI to draw it without another call. */
export interface SupplyChainTreeNode {
  kind: TreeNodeKind;
  digest: string;
  mediaType: string;
  artifactType: string | null;
  /** For the subject and platform children; referrers carry the platform of what they refer to. */
  platform: string | null;
  format: SupplyChainFormat | null;
  via: DiscoveryPath | null;
  /** One line naming what this is ("cosign signature", "SLSA provenance v1", "linux/arm64 image"). */
  title: string;
  summary: SummaryField[];
  verdict: Verdict | null;
  /** The manifest and the payloads decoded (simple-signing payload, DSSE statement, SBOM), for viewing. */
  documents: ShownDocument[];
  children: SupplyChainTreeNode[];
}

/** A referrer as the JSON contract lists it: flat, one per artifact manifest. */
export interface SupplyChainNode {
  digest: string;
  mediaType: string;
  artifactType: string | null;
  kind: SupplyChainKind;
  format: SupplyChainFormat;
  via: DiscoveryPath;
  /** The digest it refers to (the index or a platform child). */
  subject: string;
  platform: string | null;
  verified: boolean | null;
  reason: string;
}

/** Per subject or platform child: is it signed, is a signature verified, is it attested? */
export interface CoverageRow {
  digest: string;
  platform: string | null;
  signed: boolean;
  verified: boolean;
  attested: boolean;
}

export interface SupplyChainResult {
  subject: { reference: string; digest: string; mediaType: string };
  tree: SupplyChainTreeNode;
  nodes: SupplyChainNode[];
  coverage: CoverageRow[];
  /** Facts about the discovery itself ("the registry has no referrers API (404)"). */
  notes: string[];
  exchanges: CapturedExchange[];
}

/** The JSON contract of `supply-chain --json` (and the support bundle's supply-chain.json): exactly these keys. */
export function supplyChainContract(result: SupplyChainResult): Pick<SupplyChainResult, 'subject' | 'nodes' | 'coverage'> {
  return { subject: result.subject, nodes: result.nodes, coverage: result.coverage };
}
