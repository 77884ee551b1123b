/**
 * What the core tells the UI and the CLI about offline sources, exports, support bundles and pushes.
 * Paths are chosen by the shell (a native dialog in the app, arguments in the CLI), never by the page.
 */
import type { ChosenChild, ConversionNote } from './conversion';
import type { ErrorCode } from './errors';
import type { FormatId } from './mediaTypes';

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
  served: DocumentView & { bytesBase64: string };
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
  served: DocumentView;
  formats: Array<
    | { format: FormatId; title: string; ok: true; manifest: ExportedFile; config: ExportedFile | null; child: ChosenChild | null; notes: ConversionNote[] }
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
  size: number;
  digest: string;
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
      notes: ConversionNote[];
      durationMs: number;
    }
  | {
      /** The tag exists and `force` was not given: nothing was written. */
      outcome: 'exists';
      destination: string;
      existing: { digest: string | null; mediaType: string | null };
    };
