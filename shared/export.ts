/**
 * What the core tells the UI and the CLI about offline sources, exports, support bundles and pushes.
 * Paths are chosen by the shell (a native dialog in the app, arguments in the CLI), never by the page.
 */
import { z } from 'zod';
import type { ChosenChild, ConversionNote, SignatureVerdict } from './conversion';
import type { ErrorCode } from './errors';
import { FORMATS, type FormatId } from './mediaTypes';

export type SourceKind = 'registry' | 'oci-layout' | 'docker-archive' | 'manifest-file';

/** Where an image came from and the name it goes by. */
export interface SourceInfo {
  input: string;
  kind: SourceKind;
  /** Null for offline sources. */
  registry: string | null;
  repository: string;
  tag: string | null;
}

export interface DocumentView {
  mediaType: string;
  /** For signed schema 1, the digest of the payload without signatures. */
  digest: string;
  size: number;
}

/** The document a source holds, with the verdict on its signature when it is schema 1 (else null). */
export interface ServedView extends DocumentView {
  signature: SignatureVerdict | null;
}

/** One format of the image, converted, or why it could not be. */
export type FormatOutcome =
  | {
      format: FormatId;
      ok: true;
      manifest: DocumentView & { bytesBase64: string };
      /** A config the conversion created (schema 1 rescue). */
      config: (DocumentView & { bytesBase64: string }) | null;
      child: ChosenChild | null;
      notes: ConversionNote[];
    }
  | { format: FormatId; ok: false; error: { code: ErrorCode; message: string } };

/** An image opened from any source, in every format: what "Open sample" and offline sources show. */
export interface OpenedSource {
  source: SourceInfo;
  /** The document the source holds, as it is. */
  served: ServedView & { bytesBase64: string };
  formats: FormatOutcome[];
}

export interface ExportedFile {
  /** File name inside the export folder. */
  file: string;
  mediaType: string;
  digest: string;
  size: number;
}

/** summary.json of an "export all formats" folder. */
export interface ExportSummary {
  tool: { name: string; version: string };
  exportedAt: string;
  source: SourceInfo;
  served: ServedView;
  formats: Array<
    | {
        format: FormatId;
        title: string;
        ok: true;
        manifest: ExportedFile;
        config: ExportedFile | null;
        child: ChosenChild | null;
        notes: ConversionNote[];
      }
    | { format: FormatId; title: string; ok: false; error: { code: ErrorCode; message: string } }
  >;
}

export interface ExportAllResult {
  dir: string;
  summary: ExportSummary;
  /** Every file written, summary.json last. */
  files: string[];
  bytesWritten: number;
  durationMs: number;
}

export interface SavedFile {
  path: string;
  mediaType: string;
  digest: string;
  size: number;
}

/** One format saved: the manifest, and beside it a config the conversion created (schema 1 rescue). */
export interface ExportFormatResult {
  format: FormatId;
  manifest: SavedFile;
  config: SavedFile | null;
  notes: ConversionNote[];
}

export interface BundleResult {
  path: string;
  size: number;
  /** Paths inside the archive. */
  entries: string[];
  durationMs: number;
}

export interface PushProgress {
  phase: 'checking' | 'blobs' | 'manifest' | 'done';
  /** The blob being copied or mounted, when in the blobs phase. */
  blob: string | null;
  blobsDone: number;
  blobsTotal: number;
  bytesDone: number;
  /** Total bytes to copy (mounted and present blobs excluded), when known. */
  bytesTotal: number | null;
}

export interface PushedBlob {
  digest: string;
  size: number | null;
  /** How it got there: already present, mounted from the source repository, or copied. */
  how: 'present' | 'mounted' | 'copied';
}

export type PushResult =
  | {
      outcome: 'pushed';
      /** registry/repository:tag pushed to. */
      destination: string;
      format: FormatId;
      mediaType: string;
      /** The digest computed here, which the registry's Docker-Content-Digest matched. */
      digest: string;
      size: number;
      blobs: PushedBlob[];
      /** The tag pointed at this before the push (overwritten with consent), if it existed. */
      replaced: string | null;
      /** The verdict on the source's schema 1 signature, checked as it was read; null for other formats. */
      sourceSignature: SignatureVerdict | null;
      notes: ConversionNote[];
      durationMs: number;
    }
  | {
      /** The tag exists and `force` was not given: nothing was written. */
      outcome: 'exists';
      destination: string;
      existing: { digest: string | null; mediaType: string | null };
    };

// ---- Calls of shared/api.ts ----

const requestId = z.string().min(1).max(100).optional();
const source = z.string().min(1).max(4096);
/** OS/ARCH[/VARIANT]: which image of a list; default linux/amd64. */
const platform = z.string().min(1).max(200).optional();
const formatId = z.enum(FORMATS.map((f) => f.id) as [FormatId, ...FormatId[]]);
/** For a manifest file source: its image config, which conversions to schema 1 and lists read. */
const config = z.string().min(1).max(4096).optional();

/** Any source in every format: a registry reference, oci:DIR[:TAG], docker-archive:FILE or a manifest file. */
export const OpenSourceArgs = z.object({ source, config, platform, requestId });
export type OpenSourceArgs = z.input<typeof OpenSourceArgs>;

/**
 * A manifest file dropped onto the page travels as base64 in one call (the page reads no paths): at most
 * this many bytes, the size limit the core keeps for a manifest from a registry.
 */
export const DROPPED_MANIFEST_LIMIT = 4 * 1024 * 1024;

/** Characters of the base64 text of `bytes` bytes (padded). */
export const base64Length = (bytes: number): number => Math.ceil(bytes / 3) * 4;

/** The refusal of a dropped file over the limit, in the page (before sending) and in the core alike. */
export function droppedFileTooLarge(fileName: string, size: number): string {
  return `${fileName} is ${size.toLocaleString('en-US')} bytes; a dropped manifest file may be at most 4 MiB (${DROPPED_MANIFEST_LIMIT.toLocaleString('en-US')} bytes).`;
}

/** A manifest file dropped onto the page, by its name and bytes, opened in every format like a manifest file path. */
export const OpenDroppedManifestArgs = z
  .object({
    name: z.string().min(1).max(255),
    bytesBase64: z
      .string()
      .max(base64Length(DROPPED_MANIFEST_LIMIT))
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64'),
    platform,
    requestId,
  })
  .strict();
export type OpenDroppedManifestArgs = z.input<typeof OpenDroppedManifestArgs>;

/** The sample image that ships with the app, opened offline. */
export const OpenSampleArgs = z.object({ platform }).strict();
export type OpenSampleArgs = z.input<typeof OpenSampleArgs>;

/**
 * One format's exact bytes to a file the shell chooses (a save dialog in the app). With `document`, the
 * bytes a pane shows are saved as they are (a signed schema 1 is signed anew by every conversion); they
 * must be a manifest of that format. Without it the source is converted.
 */
export const ExportFormatArgs = z.object({
  source,
  config,
  format: formatId,
  platform,
  document: z
    .object({
      bytesBase64: z.base64().max(6 * 1024 * 1024),
      configBase64: z
        .base64()
        .max(12 * 1024 * 1024)
        .optional(),
    })
    .optional(),
  requestId,
});
export type ExportFormatArgs = z.input<typeof ExportFormatArgs>;

/** One blob of the image (a layer, a config), streamed to a file the shell chooses and checked against its digest. */
export const SaveBlobArgs = z.object({
  source,
  digest: z.string().regex(/^sha256:[0-9a-f]{64}$/, 'a sha256 digest'),
  /** Named in the file, so a saved blob says what it was. */
  mediaType: z.string().min(1).max(255),
  requestId,
});
export type SaveBlobArgs = z.input<typeof SaveBlobArgs>;

/** Every format plus summary.json to a folder the shell chooses. */
export const ExportAllArgs = z.object({ source, config, platform, requestId });
export type ExportAllArgs = z.input<typeof ExportAllArgs>;

/** A support bundle (.tar.gz) to a file the shell chooses. */
export const BundleArgs = z.object({ source, config, platform, requestId });
export type BundleArgs = z.input<typeof BundleArgs>;

/** The source's image, converted to `format`, pushed to `destination` (registry/repository:tag). */
export const PushArgs = z.object({
  source,
  config,
  destination: z.string().min(1).max(4096),
  format: formatId,
  /** Overwrite the tag if it exists; without it an existing tag answers `outcome: 'exists'`. */
  force: z.boolean().default(false),
  platform,
  requestId,
});
export type PushArgs = z.input<typeof PushArgs>;
