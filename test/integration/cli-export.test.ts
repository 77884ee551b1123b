/**
 * `manifest-lens export | bundle | push` against docker-registry, as a user runs them: the files they
 * write, what they print, and their exit codes (2 for a tag that exists without --force). One run goes
 * through the built command, as `npx manifest-lens` runs it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findComponent, missingMessage } from '../support/components';
import { pushSampleImages, type SampleImages } from '../support/images';
import { startRegistry, type RunningRegistry } from '../support/registry';
import type { ExportSummary } from '../../shared/export';
import { MediaType } from '../../shared/mediaTypes';
import { cli } from '../support/cli';
import { requestManifest } from '../support/registryHttp';

const registryBinary = findComponent('docker-registry');
if (!registryBinary) console.warn(`skipping CLI export tests: ${missingMessage('docker-registry')}`);

const REPO = 'lens/sample';

describe.skipIf(!registryBinary)('manifest-lens export, bundle and push', () => {
  let registry: RunningRegistry;
  let legacy: RunningRegistry;
  let samples: SampleImages;
  let work: string;

  beforeAll(async () => {
    [registry, legacy] = await Promise.all([startRegistry(), startRegistry({ schema1: true })]);
    samples = await pushSampleImages(registry.url, REPO);
    work = await mkdtemp(join(tmpdir(), 'lens-cli-export-'));
  });
  afterAll(async () => {
    await Promise.all([registry?.stop(), legacy?.stop()]);
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('export SOURCE --dir DIR writes every format and summary.json, and lists them', async () => {
    const dir = join(work, 'export');
    const { code, stdout } = await cli('export', `${registry.host}/${REPO}:oci`, '--dir', dir);
    expect(code).toBe(0);
    const summary = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')) as ExportSummary;
    expect(summary.served.digest).toBe(samples.oci.digest);
    const files = await readdir(dir);
    for (const f of summary.formats) {
      if (!f.ok) continue;
      expect(files).toContain(f.manifest.file);
      expect(stdout).toContain(f.manifest.digest);
    }
    expect(stdout).toContain(`Exported to ${dir}`);
  });

  it('export needs --dir, and an unknown source is exit 2', async () => {
    expect((await cli('export', `${registry.host}/${REPO}:oci`)).code).toBe(2);
    const missing = await cli('export', 'oci:/nonexistent/layout', '--dir', join(work, 'x'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(
      /^manifest-lens: Cannot read the oci-layout file of the OCI layout \/nonexistent\/layout\/oci-layout: it does not exist\.$/m,
    );
  });

  it('an export whose source fails (a tag the registry does not have) leaves no new folder, and keeps one that existed', async () => {
    const created = join(work, 'new-parent', 'new-export');
    const failed = await cli('export', `${registry.host}/${REPO}:no-such-tag`, '--dir', created);
    expect(failed.code).toBe(1);
    expect(existsSync(join(work, 'new-parent'))).toBe(false);
    const existing = join(work, 'existing-export');
    await mkdir(existing);
    expect((await cli('export', `${registry.host}/${REPO}:no-such-tag`, '--dir', existing)).code).toBe(1);
    expect(await readdir(existing)).toEqual([]);
  });

  it('bundle SOURCE --output FILE writes the archive', async () => {
    const file = join(work, 'support.tar.gz');
    const { code, stdout } = await cli('bundle', `${registry.host}/${REPO}:list`, '--output', file);
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^Support bundle written to ${file} \\(\\d`));
    const listing = execFileSync('tar', ['-tzf', file], { encoding: 'utf8' });
    expect(listing).toContain('/requests.har');
    expect(listing).toContain('/negotiation.json');
  });

  it('push --to v2s1 to a schema1-enabled registry; again without --force is exit 2; with --force is 0', async () => {
    const destination = `${legacy.host}/old/client:v1`;
    const first = await cli('push', `${registry.host}/${REPO}:schema2`, destination, '--to', 'v2s1');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`Pushed ${destination} as v2s1`);
    const served = await requestManifest(legacy.url, 'old/client', 'v1', [MediaType.dockerSchema1Signed]);
    expect(first.stdout).toContain(`digest ${served.digest}`);

    const again = await cli('push', `${registry.host}/${REPO}:schema2`, destination, '--to', 'v2s1');
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`${destination} exists (${served.digest}); nothing was pushed. Add --force`);

    const forced = await cli('push', `${registry.host}/${REPO}:schema2`, destination, '--to', 'v2s1', '--force');
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain(`the tag pointed at ${served.digest} before`);
  });

  it('push refuses usage mistakes with exit 2', async () => {
    expect((await cli('push', `${registry.host}/${REPO}:oci`, '--to', 'v2s2')).code).toBe(2);
    expect((await cli('push', `${registry.host}/${REPO}:oci`, `${legacy.host}/a/b:1`)).code).toBe(2);
    expect((await cli('push', `${registry.host}/${REPO}:oci`, `${legacy.host}/a/b@sha256:${'0'.repeat(64)}`, '--to', 'oci')).code).toBe(2);
  });

  it('works through the built command: export of the bundled sample', async () => {
    // npm test builds before it runs vitest; a developer running this file alone gets a build here.
    if (!existsSync('dist/cli.js')) execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' });
    const dir = join(work, 'sample-export');
    const stdout = execFileSync(process.execPath, ['bin/manifest-lens.js', 'export', 'oci:resources/sample', '--dir', dir], {
      encoding: 'utf8',
    });
    expect(stdout).toContain('Exported to');
    const summary = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')) as ExportSummary;
    expect(summary.source).toMatchObject({ kind: 'oci-layout', repository: 'sample', tag: 'latest' });
    expect(summary.formats.every((f) => f.ok)).toBe(true);
  });
});
