import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TagRow } from '../../../shared/auditReport';
import { ReportWriter } from './report';

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
});
