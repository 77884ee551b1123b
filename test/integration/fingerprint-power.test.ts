/**
 * The fingerprint's power to tell profiles apart: a loopback server answers every probe the way one profile
 * predicts, and the fingerprint should name that profile. This shows that the probe plan separates the
 * profiles as written; it cannot show that a profile is true (only the real registry can, and only
 * distribution 2.8 runs here: test/integration/fingerprint.test.ts).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { cli } from '../support/cli';
import { profileById } from '../../electron/core/profiles/index';
import { UNKNOWN, type Profile, type StoredKind } from '../../electron/core/profiles/types';
import { KIND_MEDIA_TYPE } from '../../electron/core/profiles/rules';
import type { ProfileId } from '../../shared/profiles';

const STORED_DIGEST = `sha256:${'a'.repeat(64)}`;
const CONVERTED_DIGEST = `sha256:${'b'.repeat(64)}`;
/** What the server sends where the profile does not say: a type no profile predicts. */
const UNSTATED_TYPE = 'application/vnd.lens.unstated+json';

/**
 * Answers HEAD as `profile` predicts for a manifest of `stored` kind under tag "t" and STORED_DIGEST. With
 * every manifest type accepted (the fingerprint's first question) it serves the manifest as stored.
 */
function profileServer(profile: Profile, stored: StoredKind): Promise<Server> {
  const server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const accept = req.headers.accept ?? '';
      const apiVersion = profile.facts.apiVersionHeader;
      if (apiVersion !== UNKNOWN && apiVersion.value !== null) res.setHeader('Docker-Distribution-API-Version', apiVersion.value);
      if (path === '/v2/') return res.writeHead(200).end();
      if (path.includes('/referrers/')) {
        const status = profile.facts.referrersHeadStatus;
        return res.writeHead(status === UNKNOWN ? 501 : status.value).end();
      }
      const reference = path.split('/manifests/')[1] ?? '';
      if (reference !== 't' && reference !== STORED_DIGEST) return res.writeHead(404).end();
      const everyType = Object.values(KIND_MEDIA_TYPE).every((type) => accept.includes(type));
      const by = reference === 't' ? 'tag' : 'digest';
      const p = everyType ? null : await profile.predict({ stored, by, method: 'HEAD', accept: accept === '' ? [] : [accept] });
      if (p === null) return res.writeHead(200, { 'Content-Type': KIND_MEDIA_TYPE[stored], 'Docker-Content-Digest': STORED_DIGEST }).end();
      if (p === UNKNOWN || p.status === UNKNOWN) return res.writeHead(501).end();
      if (p.status >= 400)
        return res.writeHead(p.status, { 'Content-Length': String(p.errorBodyLength ?? 0), 'Content-Type': 'application/json' }).end();
      const headers: Record<string, string> = {
        'Content-Type': p.mediaType === UNKNOWN || p.mediaType === null ? UNSTATED_TYPE : p.mediaType,
      };
      if (p.converts !== UNKNOWN) headers['Docker-Content-Digest'] = p.converts ? CONVERTED_DIGEST : STORED_DIGEST;
      return res.writeHead(p.status, headers).end();
    })();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** The fingerprint's JSON for a server answering as `id` predicts; the server is closed afterwards. */
async function fingerprintOf(id: ProfileId, stored: StoredKind, reference = ':t') {
  const server = await profileServer(profileById(id), stored);
  try {
    const { port } = server.address() as AddressInfo;
    const run = await cli('fingerprint', `127.0.0.1:${port}/team/app${reference}`, '--json');
    expect(run.code, run.stderr).toBe(0);
    return JSON.parse(run.stdout) as { best: string | null; ranking: Array<{ profile: string }> };
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('the fingerprint’s power to tell profiles apart', () => {
  const named: Array<[ProfileId, StoredKind, string]> = [
    ['distribution-3', 'schema2', ':t'],
    ['distribution-3', 'dockerList', ':t'],
    ['distribution-3', 'ociManifest', `@${STORED_DIGEST}`],
    ['harbor', 'schema2', ':t'],
    ['zot', 'schema2', ':t'],
    ['zot', 'ociIndex', `@${STORED_DIGEST}`],
    ['gitea', 'dockerList', ':t'],
  ];
  for (const [id, stored, reference] of named) {
    it(`a server answering as ${id} for a ${stored} asked by ${reference.startsWith('@') ? 'digest' : 'tag'} is named ${id}`, async () => {
      expect((await fingerprintOf(id, stored, reference)).best).toBe(id);
    });
  }

  it('cannot tell distribution 2.8 from 3 by a schema 2 digest, nor Quay from Gitea (all serve it as stored): no best', async () => {
    for (const [id, other] of [
      ['distribution-3', 'distribution-2'],
      ['quay', 'gitea'],
    ] as const) {
      const result = await fingerprintOf(id, 'schema2', `@${STORED_DIGEST}`);
      expect(result.best).toBeNull();
      expect(result.ranking.slice(0, 2).map((s) => s.profile)).toEqual(expect.arrayContaining([id, other]));
    }
  });

  it('names nobody for a server whose profile predicts too little (Docker Hub, Artifactory): every answer is "not stated"', async () => {
    for (const id of ['docker-hub', 'artifactory'] as const) {
      expect((await fingerprintOf(id, 'schema2')).best).toBeNull();
    }
  });
});
