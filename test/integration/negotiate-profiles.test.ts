/**
 * `manifest-lens negotiate` beside behaviour profiles, against docker-registry 2.8: every row keeps the
 * documented keys and adds each chosen profile's prediction and why the registry answered that; by
 * default the profiles are distribution-2 and the one the fingerprint names, whose HEADs are sent once,
 * as the registry's access log counts them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessCounter, describeRequests, type ServedRequest } from '../support/accessLog';
import { cli } from '../support/cli';
import { findComponent, missingMessage } from '../support/components';
import { pushSampleImages, type SampleImages } from '../support/images';
import { startRegistry, type RunningRegistry } from '../support/registry';
import { MediaType } from '../../shared/mediaTypes';
import { PROFILE_IDS } from '../../shared/profiles';

const registryBinary = findComponent('docker-registry');
if (!registryBinary) console.warn(`skipping negotiate --profile integration tests: ${missingMessage('docker-registry')}`);

const REPO = 'lens/negotiate-profiles';
const { dockerSchema1Signed: S1, dockerSchema2: S2, ociManifest: OCI } = MediaType;

interface Row {
  accept: string;
  registry: Record<string, unknown>;
  simulated: Record<string, unknown>;
  profiles: Record<string, 'unknown' | { status: unknown; contentType: unknown; converts: unknown; errorCode: unknown; verdict: string }>;
  why: string;
}

/**
 * Each request as "METHOD path-kind status", sorted, so two runs' requests compare as multisets. A 400 is
 * left out: distribution 2.8 now and then answers one of several schema 1 rewrites asked at once with
 * 400, and negotiate asks that row once more alone, so the request answered 400 is an extra one.
 */
const requestSet = (requests: readonly ServedRequest[]) => {
  const answered = requests.filter((r) => r.status !== 400);
  return describeRequests(answered)
    .map((line, i) => (answered[i]!.path.includes('/referrers/') ? `${answered[i]!.method} referrers ${answered[i]!.status}` : line))
    .sort();
};

describe.skipIf(!registryBinary)('negotiate --profile against docker-registry 2.8', () => {
  let registry: RunningRegistry;
  let samples: SampleImages;
  const ref = (suffix: string) => `${registry.host}/${REPO}${suffix}`;

  beforeAll(async () => {
    registry = await startRegistry();
    samples = await pushSampleImages(registry.url, REPO);
  });

  afterAll(async () => {
    await registry?.stop();
  });

  async function negotiate(...argv: string[]): Promise<{ rows: Row[]; requests: ServedRequest[] }> {
    const counter = accessCounter(registry);
    const run = await cli('negotiate', ...argv, '--json');
    expect(run.code, run.stderr).toBe(0);
    return { rows: JSON.parse(run.stdout) as Row[], requests: await counter.take() };
  }

  it('by default compares distribution-2 and the fingerprinted profile, and the fingerprint costs its own HEADs once', async () => {
    const reference = ref(`:${samples.schema2.tag}`);
    const named = await negotiate(reference, '--profile', 'distribution-2');
    const counter = accessCounter(registry);
    const fingerprint = await cli('fingerprint', reference, '--json');
    expect(fingerprint.code, fingerprint.stderr).toBe(0);
    const fingerprinted = await counter.take();
    expect((JSON.parse(fingerprint.stdout) as { best: string }).best).toBe('distribution-2');

    const byDefault = await negotiate(reference);
    // The matrix's requests plus one fingerprint's, and nothing else: no GET more, one referrers HEAD.
    expect(requestSet(byDefault.requests)).toEqual(requestSet([...named.requests, ...fingerprinted]));
    expect(byDefault.requests.filter((r) => r.path.includes('/referrers/'))).toHaveLength(1);
    expect(named.requests.filter((r) => r.path.includes('/referrers/'))).toHaveLength(0);

    // The fingerprint names distribution-2 itself, so it is the only profile compared.
    for (const row of byDefault.rows) {
      expect(Object.keys(row)).toEqual(['accept', 'registry', 'simulated', 'profiles', 'why']);
      expect(Object.keys(row.registry)).toEqual(['status', 'contentType', 'digest', 'errorCode']);
      expect(Object.keys(row.simulated)).toEqual(['status', 'contentType', 'digest', 'errorCode']);
      expect(Object.keys(row.profiles)).toEqual(['distribution-2']);
      // The registry is distribution 2.8: no answer it gives departs from its profile.
      expect(row.profiles['distribution-2'], row.accept).toMatchObject({ verdict: 'agree', status: row.registry.status });
      expect(row.why).toMatch(/^asked by tag: .*; CNCF distribution 2\.8 would also answer 200 /);
    }
    const noAccept = byDefault.rows.find((r) => r.accept === '')!;
    expect(noAccept.registry.contentType).toBe(S1);
    expect(noAccept.why).toBe(
      `asked by tag: Accept lacks ${S2}: the manifest is rewritten into signed schema 1; CNCF distribution 2.8 would also answer 200 ${S1} (converted)`,
    );
  });

  it('--profile distribution-3 --profile ghcr: their predictions in that order, distribution 3 marked where the registry departs from it', async () => {
    const { rows, requests } = await negotiate(
      ref(`:${samples.schema2.tag}`),
      '--accept-set',
      '',
      '--accept-set',
      S2,
      '--profile',
      'distribution-3',
      '--profile',
      'ghcr',
      '--profile',
      'distribution-3',
    );
    expect(requests.filter((r) => r.path.includes('/referrers/'))).toHaveLength(0);
    const [none, schema2] = rows as [Row, Row];
    expect(Object.keys(none.profiles)).toEqual(['distribution-3', 'ghcr']);
    // docker-registry 2.8 rewrote into schema 1; distribution 3 serves what it stores.
    expect(none.registry).toMatchObject({ status: 200, contentType: S1 });
    expect(none.profiles['distribution-3']).toEqual({
      status: 200,
      contentType: S2,
      converts: false,
      errorCode: null,
      verdict: 'disagree',
    });
    expect(none.why).toMatch(
      new RegExp(
        `^asked by tag: none of the profiles compared predicts this answer; CNCF distribution 3 would answer 200 ${S2.replace(/[.+]/g, '\\$&')} \\(as stored\\) instead; `,
      ),
    );
    expect(schema2.registry).toMatchObject({ status: 200, contentType: S2, digest: samples.schema2.digest });
    expect(schema2.profiles['distribution-3']).toMatchObject({ verdict: 'agree' });
  });

  it('an OCI manifest asked by digest with a schema 1 Accept: 404, and why (no registry rewrites by digest)', async () => {
    for (const method of ['HEAD', 'GET']) {
      const { rows } = await negotiate(
        ref(`@${samples.oci.digest}`),
        '--accept-set',
        S1,
        '--method',
        method,
        '--profile',
        'distribution-2',
      );
      const [row] = rows as [Row];
      expect(row.registry.status).toBe(404);
      expect(row.profiles['distribution-2']).toMatchObject({
        status: 404,
        converts: false,
        errorCode: 'MANIFEST_UNKNOWN',
        verdict: 'agree',
      });
      expect(row.why).toBe(
        `asked by digest: Accept lacks ${OCI}, and distribution never converts OCI manifests; CNCF distribution 2.8 would also answer 404 MANIFEST_UNKNOWN`,
      );
    }
  });

  it("no answer docker-registry 2.8 gives departs from distribution-2's profile: every stored kind, by tag and by digest, HEAD and GET", async () => {
    const references = [
      ...(['schema2', 'oci', 'list', 'index'] as const).flatMap((kind) => [`:${samples[kind].tag}`, `@${samples[kind].digest}`]),
    ];
    for (const suffix of references) {
      for (const method of ['HEAD', 'GET']) {
        const { rows } = await negotiate(ref(suffix), '--method', method, '--profile', 'distribution-2');
        for (const row of rows) {
          const answer = row.profiles['distribution-2']!;
          expect(answer, `${suffix} ${method} ${JSON.stringify(row.accept)}`).not.toBe('unknown');
          expect(answer, `${suffix} ${method} ${JSON.stringify(row.accept)}: ${row.why}`).toMatchObject({ verdict: 'agree' });
        }
      }
    }
  });

  it('the text form shows each profile beside the registry and a why line per row', async () => {
    const run = await cli('negotiate', ref(`:${samples.schema2.tag}`), '--accept-set', '');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Fingerprint: Most like CNCF distribution 2.8');
    expect(run.stdout).toMatch(new RegExp(`profile distribution-2: +200 ${S1.replace(/[.+]/g, '\\$&')} \\(converted\\) +same`));
    expect(run.stdout).toContain(`  why: asked by tag: Accept lacks ${S2}`);
  });

  it('an unknown profile ID: exit 2 naming the valid IDs, and nothing asked of the registry', async () => {
    const counter = accessCounter(registry);
    const run = await cli('negotiate', ref(`:${samples.schema2.tag}`), '--profile', 'distribution-2', '--profile', 'dockerhub');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`manifest-lens: Unknown profile "dockerhub": --profile takes ${PROFILE_IDS.join(', ')}.`);
    expect(await counter.take()).toEqual([]);
  });
});
