import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TagRow } from '../../../shared/auditReport';
import { jsonReportRows, reportBytes, ReportWriter } from './report';

const row = (tag: string, flags: string[] = []): TagRow => ({
  repository: 'team/app',
  tag,
  kind: 'schema2',
  mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
  digest: `sha256:${'a'.repeat(64)}`,
  status: 200,
  flags,
});

describe('audit report files', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lens-report-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('CSV quotes fields with commas and quotes as RFC 4180 says', async () => {
    const path = join(dir, 'r.csv');
    const writer = await ReportWriter.open(path, null);
    await writer.write(row('1.0', ['a, "b"', 'c']));
    await writer.finish();
    const [, line] = (await readFile(path, 'utf8')).split('\r\n');
    expect(line).toBe(
      `team/app,1.0,schema2,application/vnd.docker.distribution.manifest.v2+json,sha256:${'a'.repeat(64)},200,"a, ""b""; c"`,
    );
  });

  it('Markdown escapes | so a flag cannot add a column', async () => {
    const path = join(dir, 'r.md');
    const writer = await ReportWriter.open(path, null);
    await writer.write(row('1.0', ['x | y']));
    await writer.finish();
    const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
    expect(lines[2]!.endsWith('| x \\| y |')).toBe(true);
  });

  it('a resumed report is cut back to the recorded position, so rows after it are written once', async () => {
    const path = join(dir, 'r.json');
    const first = await ReportWriter.open(path, null);
    await first.write(row('1'));
    const position = first.position();
    // Written after the state recorded its position, then the process died.
    await first.write(row('2'));
    await first.close();
    const resumed = await ReportWriter.open(path, position);
    await resumed.write(row('2'));
    await resumed.write(row('3'));
    await resumed.finish();
    const rows = JSON.parse(await readFile(path, 'utf8')) as TagRow[];
    expect(rows.map((r) => r.tag)).toEqual(['1', '2', '3']);
  });

  it('an export streams the bytes the writer writes, in every format', async () => {
    const rows = [row('1.0', ['a, "b" | c']), row('2.0')];
    for (const format of ['json', 'csv', 'md'] as const) {
      const path = join(dir, `w.${format}`);
      const writer = await ReportWriter.open(path, null);
      for (const r of rows) await writer.write(r);
      await writer.finish();
      const streamed: Uint8Array[] = [];
      for await (const chunk of reportBytes(
        format,
        (async function* () {
          yield* rows;
        })(),
      ))
        streamed.push(chunk);
      expect(Buffer.concat(streamed).toString('utf8'), format).toBe(await readFile(path, 'utf8'));
    }
  });

  it('a JSON report is read back a row a line, up to the bytes recorded, finished or not', async () => {
    const path = join(dir, 'r.json');
    const writer = await ReportWriter.open(path, null);
    await writer.write(row('1', ['x,\ny']));
    await writer.write(row('2'));
    const recorded = writer.position();
    await writer.write(row('3'));
    await writer.close();
    const read = async (file: string, bytes: number) => {
      const handle = await open(file, 'r');
      const tags: string[] = [];
      for await (const r of jsonReportRows(handle, bytes)) tags.push(r.tag);
      await handle.close();
      return tags;
    };
    expect(await read(ReportWriter.partialPath(path), recorded.bytes)).toEqual(['1', '2']);
    const finished = await ReportWriter.open(path, recorded);
    await finished.finish();
    expect(await read(path, recorded.bytes)).toEqual(['1', '2']);
    expect(await read(path, 0)).toEqual([]);
  });
});
