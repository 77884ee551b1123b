/**
 * "Export all formats": one file per format (plus any config a conversion created) and summary.json
 * with the reference, registry, digests, media types and what each conversion lost. Every file is
 * written atomically and summary.json last, so a folder with a summary is a complete export.
 */
import { join } from 'node:path';
import type { ExportAllResult, ExportedFile, ExportSummary, SourceInfo } from '../../../shared/export';
import { FORMATS } from '../../../shared/mediaTypes';
import { APP_NAME, APP_VERSION } from '../version';
import type { ImageSource } from '../sources/source';
import { convertAllFormats, type AllFormatsOptions, type FormatConversion, type ServedManifest } from './convertEveryFormat';
import { inFolder, writeFileAtomic } from './atomicWrite';
import { exportFileName } from './fileNames';

export const SUMMARY_FILE = 'summary.json';

export function sourceInfo(source: ImageSource): SourceInfo {
  return { input: source.input, kind: source.kind, ...source.name };
}

/** The summary of a set of conversions, naming the file each one is (or would be) written to. */
export function exportSummary(
  source: ImageSource,
  served: ServedManifest,
  conversions: readonly FormatConversion[],
  now = new Date(),
): ExportSummary {
  const file = (bytes: Uint8Array, mediaType: string, digest: string, format: string, part?: string): ExportedFile => ({
    file: exportFileName(source.name, format, digest, part),
    mediaType,
    digest,
    size: bytes.length,
  });
  return {
    tool: { name: APP_NAME, version: APP_VERSION },
    exportedAt: now.toISOString(),
    source: sourceInfo(source),
    served: { mediaType: served.mediaType, digest: served.digest, size: served.bytes.length, signature: served.signature },
    formats: conversions.map((c) => {
      const title = FORMATS.find((f) => f.id === c.format)!.title;
      if (!c.ok) return { format: c.format, title, ok: false, error: { code: c.error.code, message: c.error.message } };
      const { result } = c;
      return {
        format: c.format,
        title,
        ok: true,
        manifest: file(result.bytes, result.mediaType, result.digest, c.format),
        config: result.config && file(result.config.bytes, result.config.mediaType, result.config.digest, c.format, 'config'),
        child: result.from.child,
        notes: result.notes,
      };
    }),
  };
}

export interface ExportAllOptions extends AllFormatsOptions {
  /** Called after each file is written. */
  onFile?: (file: string) => void;
}

export async function exportAllFormats(source: ImageSource, dir: string, options: ExportAllOptions = {}): Promise<ExportAllResult> {
  const started = Date.now();
  // Everything is converted before the folder is made, so a source that fails leaves no folder behind.
  const { served, conversions } = await convertAllFormats(source, options);
  const summary = exportSummary(source, served, conversions);
  const files: string[] = [];
  let bytesWritten = 0;
  const write = async (name: string, bytes: Uint8Array | string) => {
    bytesWritten += await writeFileAtomic(join(dir, name), bytes, { signal: options.signal });
    files.push(name);
    options.onFile?.(name);
  };
  await inFolder(dir, async () => {
    for (const [i, conversion] of conversions.entries()) {
      const entry = summary.formats[i]!;
      if (!conversion.ok || !entry.ok) continue;
      await write(entry.manifest.file, conversion.result.bytes);
      if (entry.config && conversion.result.config) await write(entry.config.file, conversion.result.config.bytes);
    }
    await write(SUMMARY_FILE, `${JSON.stringify(summary, null, 2)}\n`);
  });
  return { dir, summary, files, bytesWritten, durationMs: Date.now() - started };
}
