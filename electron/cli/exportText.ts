/** Exports, bundles and pushes as the terminal shows them (`manifest-lens export | bundle | push`). */
import { signatureText } from '../../shared/conversion';
import type { BundleResult, ExportAllResult, PushResult } from '../../shared/export';

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

export function formatExportAll(result: ExportAllResult): string {
  const lines = [`Exported to ${result.dir} (${result.files.length} files, ${bytes(result.bytesWritten)}, ${result.durationMs} ms):`];
  const { signature } = result.summary.served;
  if (signature) lines.push(`  source signature: ${signatureText(signature)}`);
  for (const f of result.summary.formats) {
    if (!f.ok) {
      lines.push(`  ${f.format.padEnd(14)} not made: ${f.error.message}`);
      continue;
    }
    const noted = f.notes.length > 0 ? `  (${f.notes.length} note${f.notes.length === 1 ? '' : 's'})` : '';
    lines.push(`  ${f.format.padEnd(14)} ${f.manifest.digest}  ${f.manifest.file}${noted}`);
    if (f.config) lines.push(`  ${''.padEnd(14)} ${f.config.digest}  ${f.config.file} (new config)`);
  }
  lines.push(`  summary.json lists the media types, digests and what each conversion lost.`);
  return lines.join('\n');
}

export function formatBundle(result: BundleResult): string {
  return `Support bundle written to ${result.path} (${bytes(result.size)}, ${result.entries.length} files, ${result.durationMs} ms).`;
}

export function formatPush(result: Extract<PushResult, { outcome: 'pushed' }>): string {
  const counts = (['copied', 'mounted', 'present'] as const).map((how) => `${result.blobs.filter((b) => b.how === how).length} ${how}`);
  const lines = [
    `Pushed ${result.destination} as ${result.format} (${result.mediaType}) in ${result.durationMs} ms.`,
    `  digest ${result.digest} (${result.size} bytes), confirmed by the registry's Docker-Content-Digest`,
    `  blobs: ${counts.join(', ')}`,
  ];
  if (result.replaced) lines.push(`  the tag pointed at ${result.replaced} before`);
  if (result.sourceSignature) lines.push(`  source signature: ${signatureText(result.sourceSignature)}`);
  for (const n of result.notes) lines.push(`  ${n.kind} ${n.field}: ${n.message}`);
  return lines.join('\n');
}
