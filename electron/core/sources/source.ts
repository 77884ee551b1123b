/**
 * Where an image comes from: a registry, an OCI image layout, a `docker save` archive or a manifest file.
 * Every source answers the same few questions (the manifest, a child manifest, a blob, a blob as a
 * stream), so conversions, diffIDs, exports and pushes work on any of them alike.
 */
import type { CapturedExchange } from '../../../shared/exchange';
import type { SourceKind } from '../../../shared/export';
import { SCHEMA1_MEDIA_TYPES } from '../../../shared/mediaTypes';
import { canonicalPayload } from '../convert/prettyJws';
import { sha256Digest } from '../digest';
import { LensError } from '../errors';

export type { SourceKind };

/** A manifest as a source holds it. */
export interface SourceManifest {
  bytes: Uint8Array;
  mediaType: string;
  /** For signed schema 1, the digest of the payload without signatures; else of the bytes. */
  digest: string;
}

/** The size and digest a layout names a stored manifest by (an OCI layout's index.json entry). */
export interface StoredDescriptor {
  mediaType: string;
  digest: string;
  size: number;
}

/** A manifest's bytes as stored, read without checking them, and the descriptor that names them if any. */
export interface StoredManifest {
  bytes: Uint8Array;
  mediaType: string;
  descriptor: StoredDescriptor | null;
}

export interface BlobStream {
  stream: AsyncIterable<Uint8Array>;
  /** The size when the source knows it before reading. */
  size: number | null;
}

export interface SourceContext {
  signal?: AbortSignal;
  /** Registry sources report each HTTP exchange here (the request log); offline sources make none. */
  onExchange?: (exchange: CapturedExchange) => void;
}

/** How the image is named where a format or a file name needs one (schema 1 writes name and tag). */
export interface ImageName {
  /** The registry host; null for offline sources. */
  registry: string | null;
  /** Repository path without the host (`lens/sample`). */
  repository: string;
  tag: string | null;
}

export interface ImageSource {
  readonly kind: SourceKind;
  /** The text the user gave, e.g. `oci:/tmp/layout:1.0`. */
  readonly input: string;
  readonly name: ImageName;
  /** The document the source points at: an image manifest, or a list or index. */
  manifest(ctx?: SourceContext): Promise<SourceManifest>;
  /** A manifest by digest, e.g. a list's child. */
  manifestByDigest(digest: string, ctx?: SourceContext): Promise<SourceManifest>;
  /** A small blob (a config) in memory; refused past `maxBytes`. */
  blob(digest: string, maxBytes: number, ctx?: SourceContext): Promise<Uint8Array>;
  /** A blob (a layer) as a stream, never held in memory whole. */
  blobStream(digest: string, ctx?: SourceContext): Promise<BlobStream>;
  /**
   * The manifest as stored, unchecked, so that inspect can show bytes that disagree with their descriptor.
   * Only sources that name their manifest by a descriptor have it; for others `manifest()` is the stored form.
   */
  stored?(): Promise<StoredManifest>;
  close(): Promise<void>;
}

/** Image configs are small; docker's own limit for them is 8 MiB. */
export const CONFIG_SIZE_LIMIT = 8 * 1024 * 1024;

/** The digest a registry would store a manifest under: schema 1 by its payload, anything else by its bytes. */
export function manifestDigest(bytes: Uint8Array, mediaType: string): string {
  if (!SCHEMA1_MEDIA_TYPES.includes(mediaType)) return sha256Digest(bytes);
  try {
    return sha256Digest(canonicalPayload(bytes));
  } catch {
    return sha256Digest(bytes); // unsigned schema 1: the payload is the bytes
  }
}

/** Refuses bytes whose digest is not the one they were fetched by. */
export function verifyDigest(bytes: Uint8Array, expected: string, what: string): void {
  if (!expected.startsWith('sha256:')) {
    throw new LensError('INPUT_INVALID', `${what} is named by ${expected}; only sha256 digests are supported.`);
  }
  const actual = sha256Digest(bytes);
  if (actual !== expected)
    throw new LensError('DIGEST_MISMATCH', `${what} should have digest ${expected} but its bytes hash to ${actual}.`);
}
