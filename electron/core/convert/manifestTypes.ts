/**
 * The six manifest formats and the image config, as zod schemas and the types they produce, and the one
 * place where manifest bytes become a typed value. Objects are loose: fields we do not model survive
 * parsing, so a conversion can report them as lost instead of dropping them unseen.
 */
import { z } from 'zod';
import { LensError } from '../errors';
import { readJsonBytes } from './goJson';
import { MediaType } from '../../../shared/mediaTypes';

/** OCI digest grammar; sha256 (the only algorithm registries use in practice) must be 64 lowercase hex. */
export const Digest = z
  .string()
  .regex(/^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/, 'not a digest (algorithm:hex)')
  .refine((d) => !d.startsWith('sha256:') || /^sha256:[a-f0-9]{64}$/.test(d), 'sha256 digest must be 64 lowercase hex');

const Size = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const Annotations = z.record(z.string(), z.string());

export const Platform = z.looseObject({
  architecture: z.string(),
  os: z.string(),
  'os.version': z.string().optional(),
  'os.features': z.array(z.string()).optional(),
  variant: z.string().optional(),
  /** Docker's manifest list has it; OCI reserved and then removed it. */
  features: z.array(z.string()).optional(),
});
export type Platform = z.infer<typeof Platform>;

export const Descriptor = z.looseObject({
  mediaType: z.string(),
  digest: Digest,
  size: Size,
  urls: z.array(z.string()).optional(),
  annotations: Annotations.optional(),
  platform: Platform.optional(),
  artifactType: z.string().optional(),
  data: z.string().optional(),
});
export type Descriptor = z.infer<typeof Descriptor>;

export const Schema1Manifest = z.looseObject({
  schemaVersion: z.literal(1),
  name: z.string(),
  tag: z.string(),
  architecture: z.string(),
  fsLayers: z.array(z.looseObject({ blobSum: Digest })),
  history: z.array(z.looseObject({ v1Compatibility: z.string() })),
  /** Left untyped here: the signature code reads it with its own schema. */
  signatures: z.array(z.unknown()).optional(),
});
export type Schema1Manifest = z.infer<typeof Schema1Manifest>;

export const Schema2Manifest = z.looseObject({
  schemaVersion: z.literal(2),
  /** Absent when the body was recognised by its Docker config type. */
  mediaType: z.literal(MediaType.dockerSchema2).optional(),
  config: Descriptor,
  layers: z.array(Descriptor),
  /** Not in Docker's specification, but written by some tools and read by containers/image and regclient. */
  annotations: Annotations.optional(),
});
export type Schema2Manifest = z.infer<typeof Schema2Manifest>;

export const DockerList = z.looseObject({
  schemaVersion: z.literal(2),
  mediaType: z.literal(MediaType.dockerList),
  manifests: z.array(Descriptor.extend({ platform: Platform })),
});
export type DockerList = z.infer<typeof DockerList>;

export const OciManifest = z.looseObject({
  schemaVersion: z.literal(2),
  mediaType: z.literal(MediaType.ociManifest).optional(),
  artifactType: z.string().optional(),
  config: Descriptor,
  layers: z.array(Descriptor),
  subject: Descriptor.optional(),
  annotations: Annotations.optional(),
});
export type OciManifest = z.infer<typeof OciManifest>;

export const OciIndex = z.looseObject({
  schemaVersion: z.literal(2),
  mediaType: z.literal(MediaType.ociIndex).optional(),
  artifactType: z.string().optional(),
  manifests: z.array(Descriptor),
  subject: Descriptor.optional(),
  annotations: Annotations.optional(),
});
export type OciIndex = z.infer<typeof OciIndex>;

const HistoryEntry = z.looseObject({
  created: z.string().optional(),
  author: z.string().optional(),
  created_by: z.string().optional(),
  comment: z.string().optional(),
  empty_layer: z.boolean().optional(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

/** Docker's image config and OCI's image config share this shape; Docker adds fields we keep loosely. */
export const ImageConfig = z.looseObject({
  architecture: z.string(),
  os: z.string(),
  variant: z.string().optional(),
  created: z.string().optional(),
  author: z.string().optional(),
  config: z.looseObject({}).nullable().optional(),
  rootfs: z.looseObject({ type: z.string(), diff_ids: z.array(Digest).nullable().optional() }),
  history: z.array(HistoryEntry).nullable().optional(),
});
export type ImageConfig = z.infer<typeof ImageConfig>;

/** One schema 1 history entry (the JSON inside a v1Compatibility string), as far as conversions read it. */
export const V1Compatibility = z.looseObject({
  id: z.string(),
  parent: z.string().optional(),
  comment: z.string().optional(),
  created: z.string().optional(),
  container_config: z
    .looseObject({ Cmd: z.array(z.string()).nullable().optional() })
    .nullable()
    .optional(),
  author: z.string().optional(),
  throwaway: z.boolean().optional(),
});
export type V1Compatibility = z.infer<typeof V1Compatibility>;

export type ParsedManifest =
  | { kind: 'schema1'; mediaType: typeof MediaType.dockerSchema1Signed | typeof MediaType.dockerSchema1; manifest: Schema1Manifest }
  | { kind: 'schema2'; mediaType: typeof MediaType.dockerSchema2; manifest: Schema2Manifest }
  | { kind: 'dockerList'; mediaType: typeof MediaType.dockerList; manifest: DockerList }
  | { kind: 'ociManifest'; mediaType: typeof MediaType.ociManifest; manifest: OciManifest }
  | { kind: 'ociIndex'; mediaType: typeof MediaType.ociIndex; manifest: OciIndex };

export type ManifestKind = ParsedManifest['kind'];

/** Decodes UTF-8 strictly and parses JSON into plain values, for zod to validate. */
export function parseJsonValue(bytes: Uint8Array, what: string): unknown {
  return readJsonBytes(bytes, what, JSON.parse);
}

/** Runs a schema over a value; a failure becomes INPUT_INVALID naming the first bad field. */
export function validate<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const first = result.error.issues[0];
  const where = first && first.path.length > 0 ? ` at ${first.path.join('.')}` : '';
  throw new LensError(
    'INPUT_INVALID',
    `The ${what} is malformed${where}: ${first?.message ?? 'invalid'}.`,
    result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('\n'),
  );
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * What a schema 2 body that names no mediaType is, by containers/image's rules (manifest.GuessMIMEType):
 * the config's media type decides (an OCI image config: OCI manifest; a Docker image config: Docker schema
 * 2, which some tools write without mediaType); without a config, `manifests` makes it an OCI index;
 * anything else with a config or layers is an OCI manifest (an artifact, by its config type).
 */
function guessUntyped(doc: Record<string, unknown>): ManifestKind {
  const configType = isRecord(doc.config) ? doc.config.mediaType : undefined;
  if (configType === MediaType.ociConfig) return 'ociManifest';
  if (configType === MediaType.dockerConfig) return 'schema2';
  if ('manifests' in doc) return 'ociIndex';
  if ('config' in doc || 'layers' in doc) return 'ociManifest';
  throw new LensError('INPUT_INVALID', 'The manifest names no mediaType and has neither manifests nor config/layers.');
}

/**
 * Which format a document is. The body decides: schemaVersion, then mediaType, then (when it names no
 * mediaType) its structure as guessUntyped reads it. `contentType` (what a registry or file said) only
 * settles a body that names no type.
 */
function classify(doc: Record<string, unknown>, contentType: string | undefined): ManifestKind {
  if (doc.schemaVersion === 1) return 'schema1';
  if (doc.schemaVersion !== 2) {
    throw new LensError(
      'INPUT_INVALID',
      `Unsupported manifest schemaVersion ${JSON.stringify(doc.schemaVersion) ?? '(missing)'}; expected 1 or 2.`,
    );
  }
  switch (doc.mediaType) {
    case MediaType.dockerSchema2:
      return 'schema2';
    case MediaType.dockerList:
      return 'dockerList';
    case MediaType.ociManifest:
      return 'ociManifest';
    case MediaType.ociIndex:
      return 'ociIndex';
    case undefined: {
      const hinted = contentType?.split(';')[0]?.trim();
      if (hinted === MediaType.ociIndex) return 'ociIndex';
      if (hinted === MediaType.ociManifest) return 'ociManifest';
      return guessUntyped(doc);
    }
    default:
      throw new LensError('INPUT_INVALID', `Unsupported manifest mediaType ${JSON.stringify(doc.mediaType)}.`);
  }
}

/** Bytes → a typed manifest, or LensError('INPUT_INVALID') saying what is wrong. */
export function parseManifest(bytes: Uint8Array, contentType?: string): ParsedManifest {
  const doc = parseJsonValue(bytes, 'manifest');
  if (!isRecord(doc)) throw new LensError('INPUT_INVALID', 'The manifest is not a JSON object.');
  const kind = classify(doc, contentType);
  switch (kind) {
    case 'schema1': {
      const manifest = validate(Schema1Manifest, doc, 'schema 1 manifest');
      if (manifest.fsLayers.length !== manifest.history.length) {
        throw new LensError(
          'INPUT_INVALID',
          `The schema 1 manifest has ${manifest.fsLayers.length} fsLayers but ${manifest.history.length} history entries; they must match.`,
        );
      }
      const mediaType = manifest.signatures === undefined ? MediaType.dockerSchema1 : MediaType.dockerSchema1Signed;
      return { kind, mediaType, manifest };
    }
    case 'schema2':
      return { kind, mediaType: MediaType.dockerSchema2, manifest: validate(Schema2Manifest, doc, 'schema 2 manifest') };
    case 'dockerList':
      return { kind, mediaType: MediaType.dockerList, manifest: validate(DockerList, doc, 'manifest list') };
    case 'ociManifest':
      if ('manifests' in doc) throw new LensError('INPUT_INVALID', 'The OCI manifest has a manifests field, which belongs to an index.');
      return { kind, mediaType: MediaType.ociManifest, manifest: validate(OciManifest, doc, 'OCI manifest') };
    case 'ociIndex':
      if ('config' in doc || 'layers' in doc) {
        throw new LensError('INPUT_INVALID', 'The OCI index has config or layers fields, which belong to a manifest.');
      }
      return { kind, mediaType: MediaType.ociIndex, manifest: validate(OciIndex, doc, 'OCI index') };
  }
}

/** Parses bytes and insists on one format; `expected` names it for the message. */
export function parseManifestOf<K extends ManifestKind>(
  bytes: Uint8Array,
  kind: K,
  expected: string,
): Extract<ParsedManifest, { kind: K }> {
  const parsed = parseManifest(bytes);
  if (parsed.kind !== kind) {
    throw new LensError('INPUT_INVALID', `Expected ${expected}, got a document of type ${parsed.mediaType}.`);
  }
  return parsed as Extract<ParsedManifest, { kind: K }>;
}

export function parseImageConfig(bytes: Uint8Array): ImageConfig {
  const doc = parseJsonValue(bytes, 'image config');
  return validate(ImageConfig, doc, 'image config');
}
