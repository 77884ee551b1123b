import { describe, expect, it } from 'vitest';
import { entryCredential, findEntry } from './authFile';
import { credentialRegistry, dockerConfigKey, normalizeAuthKey } from './hubKeys';

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('entryCredential', () => {
  const cases: Array<[string, Parameters<typeof entryCredential>[0], ReturnType<typeof entryCredential>]> = [
    [
      'auth is base64 user:password',
      { auth: b64('alice:pw:with:colons') },
      { kind: 'password', username: 'alice', password: 'pw:with:colons' },
    ],
    ['username and password fields', { username: 'bob', password: 'pw' }, { kind: 'password', username: 'bob', password: 'pw' }],
    [
      'auth wins over the fields, as in docker',
      { auth: b64('alice:a'), username: 'bob', password: 'b' },
      { kind: 'password', username: 'alice', password: 'a' },
    ],
    ['NUL padding is trimmed', { auth: b64('alice:pw\0\0') }, { kind: 'password', username: 'alice', password: 'pw' }],
    [
      'identity token, user from auth',
      { auth: b64('carol:'), identitytoken: 'tok' },
      { kind: 'identity-token', username: 'carol', token: 'tok' },
    ],
    ['identity token alone', { identitytoken: 'tok' }, { kind: 'identity-token', username: null, token: 'tok' }],
    ['empty entry (helper-stored)', {}, null],
    ['user without password', { auth: b64('alice:') }, null],
    ['auth without a colon', { auth: b64('garbage') }, null],
  ];
  it.each(cases)('%s', (_name, entry, expected) => {
    expect(entryCredential(entry)).toEqual(expected);
  });
});

describe("Docker Hub's keys", () => {
  it('files every Hub endpoint under docker.io', () => {
    for (const host of ['docker.io', 'index.docker.io', 'registry-1.docker.io', 'Registry-1.Docker.IO']) {
      expect(credentialRegistry(host)).toBe('docker.io');
    }
    expect(credentialRegistry('127.0.0.1:5000')).toBe('127.0.0.1:5000');
  });

  it("looks Hub up under docker's v1 index URL, other registries under their host", () => {
    expect(dockerConfigKey('docker.io')).toBe('https://index.docker.io/v1/');
    expect(dockerConfigKey('ghcr.io')).toBe('ghcr.io');
  });

  it('normalizes keys written as URLs, and every Hub alias to docker.io', () => {
    expect(normalizeAuthKey('https://index.docker.io/v1/')).toBe('docker.io');
    expect(normalizeAuthKey('http://registry-1.docker.io')).toBe('docker.io');
    expect(normalizeAuthKey('https://myreg:5000/v2/')).toBe('myreg:5000');
    expect(normalizeAuthKey('quay.io/team/app')).toBe('quay.io');
  });

  it.each(['https://index.docker.io/v1/', 'docker.io', 'index.docker.io', 'registry-1.docker.io', 'http://index.docker.io/v1/'])(
    'finds a Hub entry filed under %s',
    (key) => {
      const auths = { 'ghcr.io': { auth: b64('x:y') }, [key]: { auth: b64('hubuser:pw') } };
      expect(findEntry(auths, [dockerConfigKey('docker.io')], 'docker.io')).toEqual({ key, entry: auths[key] });
    },
  );

  it("prefers docker's exact key over a normalized match", () => {
    const auths = { 'docker.io': { auth: b64('podman:pw') }, 'https://index.docker.io/v1/': { auth: b64('docker:pw') } };
    expect(findEntry(auths, [dockerConfigKey('docker.io')], 'docker.io')?.key).toBe('https://index.docker.io/v1/');
  });

  it('does not confuse registries that share a prefix', () => {
    expect(findEntry({ 'myreg:5000': { auth: b64('a:b') } }, ['myreg'], 'myreg')).toBeNull();
  });
});
