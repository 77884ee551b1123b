/**
 * `manifest-lens fingerprint` against docker-registry 2.8, with and without schema 1 compatibility: the
 * distribution-2 profile must rank first, from at most 16 HEAD requests and no GET, as the registry's own
 * access log counts them (and as the result reports them).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../support/cli';
import { findComponent, missingMessage } from '../support/components';
import { pushSampleImages, type SampleImages } from '../support/images';
import { startRegistry, type RunningRegistry } from '../support/registry';
import { pushSchema1 } from '../support/schema1';
import { PROFILE_IDS } from '../../shared/profiles';

const registryBinary = findComponent('docker-registry');
if (!registryBinary) console.warn(`skipping fingerprint integration tests: ${missingMessage('docker-registry')}`);

const REPO = 'lens/fingerprint';

/** Requests by method in distribution's access log lines (`"HEAD /v2/ HTTP/1.1" 200 ...`). */
function servedRequests(log: string) {
  const counts: Record<string, number> = {};
  for (const match of log.matchAll(/"([A-Z]+) \/v2\/\S* HTTP\/1\.1" \d{3} /g)) counts[match[1]!] = (counts[match[1]!] ?? 0) + 1;
  return counts;
}

interface Run {
  json: { best: string | null; ranking: Array<{ profile: string; agree: number; total: number }>; requests: { GET: number; HEAD: number } };
  logged: Record<string, number>;
  text: string;
}

for (const schema1 of [false, true]) {
  describe.skipIf(!registryBinary)(`fingerprint of docker-registry 2.8${schema1 ? ' with schema 1 compatibility' : ''}`, () => {
    let registry: RunningRegistry;
    let samples: SampleImages;
    let schema1Digest = '';

    beforeAll(async () => {
      registry = await startRegistry({ schema1 });
      samples = await pushSampleImages(registry.url, REPO);
      if (schema1) schema1Digest = await pushSchema1(registry.url, REPO, samples.schema2.bytes, 'schema1');
    });

    afterAll(async () => {
      await registry?.stop();
    });

    /** Runs the JSON and the text form, counting the JSON run's requests in the registry's log. */
    async function run(reference: string): Promise<Run> {
      const before = registry.logs().length;
      const json = await cli('fingerprint', `${registry.host}/${REPO}${reference}`, '--json');
      expect(json.code, json.stderr).toBe(0);
      const logged = servedRequests(registry.logs().slice(before));
      const text = await cli('fingerprint', `${registry.host}/${REPO}${reference}`);
      expect(text.code, text.stderr).toBe(0);
      return { json: JSON.parse(json.stdout) as Run['json'], logged, text: text.stdout };
    }

    function expectBounded({ json, logged }: Run) {
      expect(Object.keys(logged).filter((m) => m !== 'HEAD')).toEqual([]);
      expect(logged.HEAD).toBeLessThanOrEqual(16);
      expect(json.requests).toEqual({ GET: 0, HEAD: logged.HEAD });
    }

    const decisive: Array<[string, () => string]> = [
      ['schema 2 by tag', () => `:${samples.schema2.tag}`],
      ['OCI manifest by digest', () => `@${samples.oci.digest}`],
      ['OCI manifest by tag', () => `:${samples.oci.tag}`],
      ['manifest list by tag', () => `:${samples.list.tag}`],
      ['OCI index by digest', () => `@${samples.index.digest}`],
      ...(schema1
        ? [
            ['schema 1 by tag', () => ':schema1'] as [string, () => string],
            ['schema 1 by digest', () => `@${schema1Digest}`] as [string, () => string],
          ]
        : []),
    ];
    for (const [name, reference] of decisive) {
      it(`${name}: distribution-2 is named, from HEADs only`, async () => {
        const result = await run(reference());
        expectBounded(result);
        expect(result.json.best, result.text).toBe('distribution-2');
        expect(result.json.ranking[0]).toMatchObject({ profile: 'distribution-2' });
        expect(result.json.ranking[0]!.agree).toBe(result.json.ranking[0]!.total);
      });
    }

    it('schema 2 by digest: distribution-2 ranks first, tied with distribution-3, and the text says what would tell them apart', async () => {
      const result = await run(`@${samples.schema2.digest}`);
      expectBounded(result);
      expect(result.json.ranking.slice(0, 2).map((s) => s.profile)).toEqual(['distribution-2', 'distribution-3']);
      expect(result.json.best).toBeNull();
      expect(result.text).toMatch(/explain the answers equally well.*What would decide: a schema 2 manifest asked by tag/);
    });

    it('prints exactly {best, ranking, requests}, every profile ranked once', async () => {
      const { json } = await run(`:${samples.schema2.tag}`);
      expect(Object.keys(json)).toEqual(['best', 'ranking', 'requests']);
      expect(json.ranking.map((s) => s.profile).sort()).toEqual([...PROFILE_IDS].sort());
      for (const score of json.ranking) expect(Object.keys(score)).toEqual(['profile', 'agree', 'total']);
    });

    it('the text ends with where the three leading profiles differ, distribution 2.8 as the registry itself answers', async () => {
      const result = await run(`:${samples.schema2.tag}`);
      const leaders = result.json.ranking.slice(0, 3).map((s) => s.profile);
      expect(result.text).toContain(`Where ${leaders.join(', ')} differ:`);
      const direct = await fetch(`${registry.url}/v2/${REPO}/manifests/${samples.schema2.tag}`, { method: 'HEAD' });
      const section = result.text.slice(result.text.indexOf('  GET by tag of the schema 2 manifest, no Accept header\n'));
      expect(section).toMatch(
        new RegExp(`^  GET by tag of the schema 2 manifest, no Accept header\n    distribution-2 +200 (\\S+) \\(converted\\)\n`),
      );
      expect(section.split('\n')[1]).toContain(direct.headers.get('content-type')!);
    });

    it('a tag the registry does not hold: best is null and the sentence says what would decide', async () => {
      const result = await run(':no-such-tag');
      expectBounded(result);
      expect(result.json.best).toBeNull();
      expect(result.text).toMatch(/Too few answers to decide: 0 manifest answers.*does not hold .*no-such-tag \(404\)/);
    });
  });
}

describe('fingerprint usage', () => {
  it('refuses an offline source in one line, exit 2', async () => {
    const run = await cli('fingerprint', 'oci:/nonexistent');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('manifest-lens: fingerprint asks a registry; oci:/nonexistent is an offline source.');
  });

  it('a registry nobody answers for is a failure in one line, exit 1', async () => {
    const run = await cli('fingerprint', '127.0.0.1:1/team/app:1');
    expect(run.code).toBe(1);
    expect(run.stderr.split('\n')).toHaveLength(1);
  });
});
