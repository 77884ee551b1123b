/**
 * The one contract between the UI (renderer, browser mode) and the core. Each call has a zod schema for
 * its arguments (validated wherever they cross a process or HTTP boundary) and a result type.
 * Adding a call means adding it here first; the compiler then shows every place to finish.
 */
import {
  AuditArgs,
  AuditRowsArgs,
  ExportAuditArgs,
  RescueArgs,
  type AuditRowsPage,
  type AuditSummary,
  type ExportAuditResult,
  type RescueReport,
} from './audit';
import type { AuditProgressView } from './auditReport';
import { z } from 'zod';
import type { AuthTrace, CredentialStoreStatus } from './auth';
import type { WireError } from './errors';
import { OCI_CONFIG_MODES, type ConvertResult, type NegotiateResult, type SignatureVerdict } from './conversion';
import type { CapturedExchange, DigestCheck, RegistryErrorEntry } from './exchange';
import {
  BundleArgs,
  ExportAllArgs,
  ExportFormatArgs,
  OpenDroppedManifestArgs,
  OpenSampleArgs,
  OpenSourceArgs,
  PushArgs,
  SaveBlobArgs,
} from './export';
import type { BundleResult, ExportAllResult, ExportFormatResult, OpenedSource, PushResult, SavedFile, SourceKind } from './export';
import { FORMATS, type FormatId } from './mediaTypes';
import type { ImageDetails, ReferrersResult, TagPage } from './image';
import type { FingerprintResult } from './profiles';
import type { RequestLedgerResult } from './ledger';
import { SupplyChainArgs, type SupplyChainResult } from './supplyChain';

const requestId = z.string().min(1).max(100);

/**
 * An Accept value goes on the wire byte for byte, and Node sends a character above U+00FF as garbage and
 * U+0080..U+00FF as single Latin-1 bytes that a registry reads differently from what we would simulate; so
 * only visible ASCII, spaces and tabs are taken (what every media type and parameter is written in).
 */
const acceptValue = z.string().regex(/^[\t\x20-\x7e]*$/, 'Accept values must be ASCII (visible characters, spaces and tabs)');

export const InspectArgs = z.object({
  reference: z.string().min(1).max(4096),
  /** Accept header values, sent as one header joined by ", ". Empty: no Accept header at all. */
  accept: z.array(acceptValue.min(1).max(2048)).max(32),
  method: z.enum(['GET', 'HEAD']).default('GET'),
  /** OS/ARCH[/VARIANT]: when a list or index is served, inspect its entry for this platform instead. */
  platform: z.string().min(1).max(200).optional(),
  /** Set to cancel the request later with `cancel`. */
  requestId: requestId.optional(),
});
export type InspectArgs = z.input<typeof InspectArgs>;

export interface ReferenceInfo {
  input: string;
  /** The normalized form docker prints (docker.io/library/alpine:latest). */
  canonical: string;
  registry: string;
  repository: string;
  tag: string | null;
  digest: string | null;
}

export interface InspectResult {
  reference: ReferenceInfo;
  /** The Accept values sent (empty: none). */
  accept: string[];
  method: 'GET' | 'HEAD';
  /** The manifest exchange itself (the last request made). */
  response: CapturedExchange;
  /** Every exchange made for this inspection, in order (ping, token, manifest). */
  exchanges: CapturedExchange[];
  contentType: string | null;
  digestCheck: DigestCheck;
  /** The verdict on a schema 1 body's signature; null for other content, errors and HEAD. */
  signature: SignatureVerdict | null;
  /** Present when the registry answered with an error status. */
  registryErrors: RegistryErrorEntry[] | null;
  /** How this inspection authenticated (or why it could not): the triage view, free of secrets. */
  auth?: AuthTrace;
  /** Present when a platform was asked for. */
  platform?: PlatformChoice;
  /**
   * Present for an offline source, which is read, not asked: `response` then records the read (its URL is
   * the source as given, no headers), `accept` and `exchanges` are empty.
   */
  source?: InspectedSource;
}

/** What an offline inspection read, and what its digest was checked against. */
export interface InspectedSource {
  kind: Exclude<SourceKind, 'registry'>;
  /**
   * The descriptor the source names its manifest by (an OCI layout's index.json entry), which the bytes
   * are checked against; null when the source stores none and the digest is only computed.
   */
  descriptor: { mediaType: string; digest: string; size: number } | null;
}

/** A platform asked for, and the list the inspected manifest was chosen from. */
export interface PlatformChoice {
  /** OS/ARCH[/VARIANT] as asked. */
  requested: string;
  /** Null when the reference served a single image: nothing to choose from, it is inspected as served. */
  parent: {
    mediaType: string;
    /** The list's digest (computed from its bytes). */
    digest: string | null;
    /** The entry chosen, its position in `manifests` and its platform as the list states it. */
    index: number;
    platform: string;
    response: CapturedExchange;
  } | null;
}

const registryName = z.string().min(1).max(255);

/** Credentials typed into the app: they cross once, into the core, and never come back. */
export const SetCredentialsArgs = z.object({
  registry: registryName,
  username: z.string().min(1).max(1024),
  password: z
    .string()
    .min(1)
    .max(16 * 1024),
  /** Keep them encrypted by the OS keychain; refused where only weak protection exists. */
  remember: z.boolean().default(false),
});
export type SetCredentialsArgs = z.input<typeof SetCredentialsArgs>;

export const ForgetCredentialsArgs = z.object({ registry: registryName });
export type ForgetCredentialsArgs = z.input<typeof ForgetCredentialsArgs>;

export const CancelArgs = z.object({ requestId });
export type CancelArgs = z.input<typeof CancelArgs>;

const sha256 = z.string().regex(/^sha256:[a-f0-9]{64}$/, 'expected sha256:<64 hex>');

/** The image a reference names (or one child of the list it names): platforms, config, history, layers. */
export const ImageArgs = z.object({
  reference: z.string().min(1).max(4096),
  /** Describe this manifest of the reference's repository instead (a list's child). */
  digest: sha256.optional(),
  requestId: requestId.optional(),
});
export type ImageArgs = z.input<typeof ImageArgs>;

/** One page of the repository's tags (GET /v2/<name>/tags/list?n=...). */
export const TagsArgs = z.object({
  /** Any reference of the repository; its tag or digest is ignored. */
  reference: z.string().min(1).max(4096),
  pageSize: z.number().int().min(1).max(10_000).default(100),
  /** The `nextCursor` of the previous page. */
  cursor: z.string().max(4096).optional(),
  requestId: requestId.optional(),
});
export type TagsArgs = z.input<typeof TagsArgs>;

/** Manifests that name this one as their subject (OCI 1.1). */
export const ReferrersArgs = z.object({
  reference: z.string().min(1).max(4096),
  /** The subject; default: what the reference resolves to. */
  digest: sha256.optional(),
  artifactType: z.string().min(1).max(255).optional(),
  requestId: requestId.optional(),
});
export type ReferrersArgs = z.input<typeof ReferrersArgs>;

const formatId = z.enum(FORMATS.map((f) => f.id) as [FormatId, ...FormatId[]]);

/** One image in another format, with what the conversion lost, changed or refused. */
export const ConvertArgs = z.object({
  /** A registry reference, oci:DIR[:TAG], docker-archive:FILE or a manifest file. */
  source: z.string().min(1).max(4096),
  to: formatId,
  /** OS/ARCH[/VARIANT]: which image of a list; default linux/amd64. */
  platform: z.string().min(1).max(200).optional(),
  /** An EC P-256 private key (PEM or JWK) to sign v2s1 with; an ephemeral key otherwise. */
  signingKey: z
    .string()
    .min(1)
    .max(64 * 1024)
    .optional(),
  /** For a manifest file source: its image config, which conversions to schema 1 and lists read. */
  config: z.string().min(1).max(4096).optional(),
  /** For --to oci of a Docker image (schema 2, or a schema 1 rescue): the config as it is (default) or normalised as skopeo writes it. */
  ociConfig: z.enum(OCI_CONFIG_MODES).optional(),
  requestId: requestId.optional(),
});
export type ConvertArgs = z.input<typeof ConvertArgs>;

/** What the registry answers for each Accept header, beside what distribution 2.8 would answer. */
export const NegotiateArgs = z.object({
  reference: z.string().min(1).max(4096),
  /** Accept header values exactly as sent ('' sends none); absent: the Accept sets real clients send. */
  acceptSets: z.array(acceptValue.max(4096)).min(1).max(64).optional(),
  /** HEAD by default: its headers carry status, type, digest and size, and Docker Hub counts no pull for it. */
  method: z.enum(['GET', 'HEAD']).default('HEAD'),
  requestId: requestId.optional(),
});
export type NegotiateArgs = z.input<typeof NegotiateArgs>;

/** Which registry implementation answers for this reference: a bounded HEAD-only probe plan, scored against every profile. */
export const FingerprintArgs = z.object({
  reference: z.string().min(1).max(4096),
  requestId: requestId.optional(),
});
export type FingerprintArgs = z.input<typeof FingerprintArgs>;

/** How far a long operation (a schema 1 rescue streaming its layers) has got. */
export interface OperationProgress {
  /** Compressed bytes streamed so far, over all layers. */
  bytesDone: number;
  /** The layer being streamed (from 0) and how many there are. */
  layer: number;
  layers: number;
  /** For an audit or a rescue, which walk a registry (bytes and layers are then 0). */
  audit?: AuditProgressView;
}

/** The answer is `{ progress: null }` when no operation with that id is running (finished, cancelled, unknown). */
export const ProgressArgs = z.object({ requestId });
export type ProgressArgs = z.input<typeof ProgressArgs>;

export interface AppInfo {
  name: string;
  version: string;
  mode: 'electron' | 'browser';
}

/** A call's declaration: its argument schema and (as a phantom) its result type. */
interface Call<A extends z.ZodType, R> {
  args: A;
  result?: R;
}
function call<R>() {
  return <A extends z.ZodType>(args: A): Call<A, R> => ({ args });
}

export const api = {
  appInfo: call<AppInfo>()(z.object({}).strict()),
  inspect: call<InspectResult>()(InspectArgs),
  cancel: call<{ cancelled: boolean }>()(CancelArgs),
  credentialStatus: call<CredentialStoreStatus>()(z.object({}).strict()),
  setCredentials: call<CredentialStoreStatus>()(SetCredentialsArgs),
  forgetCredentials: call<CredentialStoreStatus>()(ForgetCredentialsArgs),
  image: call<ImageDetails>()(ImageArgs),
  tags: call<TagPage>()(TagsArgs),
  referrers: call<ReferrersResult>()(ReferrersArgs),
  convert: call<ConvertResult>()(ConvertArgs),
  negotiate: call<NegotiateResult>()(NegotiateArgs),
  fingerprint: call<FingerprintResult>()(FingerprintArgs),
  supplyChain: call<SupplyChainResult>()(SupplyChainArgs),
  progress: call<{ progress: OperationProgress | null }>()(ProgressArgs),
  /** Requests this session has made to each registry, and what its content cache answered instead. */
  requestLedger: call<RequestLedgerResult>()(z.object({}).strict()),
  // Offline sources, exports, bundles and pushes (argument schemas in ./export).
  openSource: call<OpenedSource>()(OpenSourceArgs),
  openSample: call<OpenedSource>()(OpenSampleArgs),
  openDroppedManifest: call<OpenedSource>()(OpenDroppedManifestArgs),
  exportFormat: call<ExportFormatResult>()(ExportFormatArgs),
  exportAll: call<ExportAllResult>()(ExportAllArgs),
  saveBlob: call<SavedFile>()(SaveBlobArgs),
  bundle: call<BundleResult>()(BundleArgs),
  push: call<PushResult>()(PushArgs),
  // A whole registry (argument schemas in ./audit).
  audit: call<AuditSummary>()(AuditArgs),
  auditRows: call<AuditRowsPage>()(AuditRowsArgs),
  exportAudit: call<ExportAuditResult>()(ExportAuditArgs),
  rescue: call<RescueReport>()(RescueArgs),
} as const;

export type Api = typeof api;
export type CallName = keyof Api;
export type ArgsOf<K extends CallName> = z.input<Api[K]['args']>;
export type ParsedArgsOf<K extends CallName> = z.output<Api[K]['args']>;
export type ResultOf<K extends CallName> = NonNullable<Api[K]['result']>;

/** What every call returns across a boundary: a value or a typed error, never a thrown stack. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: WireError };

/** The client side of the contract, as the preload bridge and the browser-mode client implement it. */
export type LensApi = { [K in CallName]: (args: ArgsOf<K>) => Promise<Envelope<ResultOf<K>>> };

export const CALL_NAMES = Object.keys(api) as CallName[];

/** The IPC channel of a call: one per entry of the contract. */
export function channelOf(name: CallName): string {
  return `lens:${name}`;
}
