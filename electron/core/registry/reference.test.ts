import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INVALID_CASES, SPELLING_CASES, VALID_CASES } from './reference.cases';
import {
  canonicalString,
  familiarName,
  familiarString,
  isLoopbackHost,
  manifestPath,
  parseReference,
  registryEndpointHost,
  type Reference,
} from './reference';
import { refusal } from '../../../test/support/lensError';

const refusalOf = (input: string) => refusal(() => parseReference(input));

const DIGEST = 'sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582';

describe('parseReference accepts what docker accepts', () => {
  for (const [group, rows] of Object.entries(VALID_CASES)) {
    describe(group, () => {
      it.each(rows)('%s', (input, registry, repository, tag, digest) => {
        expect(parseReference(input)).toEqual({ registry, repository, tag, digest });
      });
    });
  }
});

describe('parseReference refuses what docker refuses, saying why', () => {
  for (const [group, rows] of Object.entries(INVALID_CASES)) {
    describe(group, () => {
      it.each(rows)('%j', (input, reason) => {
        const error = refusalOf(input);
        expect(error.code).toBe('REFERENCE_INVALID');
        expect(error.message).toContain(reason);
        expect(error.message.startsWith('Invalid image reference "')).toBe(true);
        expect(error.message).not.toMatch(/[\r\n]/);
      });
    });
  }

  it('shortens a long input in the message and escapes control characters', () => {
    const long = `example.com/${'a'.repeat(300)}`;
    const message = refusalOf(long).message;
    expect(message).toContain('"example.com/aaa');
    expect(message).not.toContain('a'.repeat(120));
    expect(refusalOf('bad\tname').message).toContain('"bad\\tname"');
  });

  it('tells how to write a reference in the detail', () => {
    expect(refusalOf('Alpine').detail).toContain('[HOST[:PORT]/]NAME[:TAG][@DIGEST]');
  });
});

describe('every spelling of a repository has the same familiar and full name', () => {
  const rows = SPELLING_CASES.flatMap(([spellings, familiar, full]) => spellings.map((s) => [s, familiar, full] as const));
  it.each(rows)('%s', (spelling, familiar, full) => {
    const ref = parseReference(spelling);
    expect(familiarName(ref)).toBe(familiar);
    expect(canonicalString(ref)).toBe(`${full}:latest`);
  });
});

describe('printed forms', () => {
  // TestParseDockerRef's inputs, and what docker prints for each. Unlike ParseDockerRef we keep the tag
  // of name:tag@digest, as ParseNormalizedNamed does; the request is made by digest all the same.
  const rows: Array<[input: string, canonical: string, familiar: string]> = [
    ['busybox', 'docker.io/library/busybox:latest', 'busybox:latest'],
    ['busybox:latest', 'docker.io/library/busybox:latest', 'busybox:latest'],
    [`busybox@${DIGEST}`, `docker.io/library/busybox@${DIGEST}`, `busybox@${DIGEST}`],
    ['library/busybox', 'docker.io/library/busybox:latest', 'busybox:latest'],
    ['docker.io/busybox', 'docker.io/library/busybox:latest', 'busybox:latest'],
    ['docker.io/library/busybox', 'docker.io/library/busybox:latest', 'busybox:latest'],
    ['docker.io/busybox:latest', 'docker.io/library/busybox:latest', 'busybox:latest'],
    ['library/busybox:latest', 'docker.io/library/busybox:latest', 'busybox:latest'],
    ['gcr.io/library/busybox', 'gcr.io/library/busybox:latest', 'gcr.io/library/busybox:latest'],
    [`gcr.io/library/busybox:latest@${DIGEST}`, `gcr.io/library/busybox:latest@${DIGEST}`, `gcr.io/library/busybox:latest@${DIGEST}`],
    [`busybox:1.36@${DIGEST}`, `docker.io/library/busybox:1.36@${DIGEST}`, `busybox:1.36@${DIGEST}`],
    ['user/app:v1', 'docker.io/user/app:v1', 'user/app:v1'],
    ['127.0.0.1:5000/app', '127.0.0.1:5000/app:latest', '127.0.0.1:5000/app:latest'],
    ['[::1]:5000/app:x', '[::1]:5000/app:x', '[::1]:5000/app:x'],
  ];
  it.each(rows)('%s', (input, canonical, familiar) => {
    const ref = parseReference(input);
    expect(canonicalString(ref)).toBe(canonical);
    expect(familiarString(ref)).toBe(familiar);
  });

  it.each([
    ['alpine', 'alpine'],
    ['user/app', 'user/app'],
    ['127.0.0.1:5000/app', '127.0.0.1:5000/app'],
    ['docker.io/library/a/b', 'library/a/b'],
    ['quay.io/library/alpine', 'quay.io/library/alpine'],
  ])('familiarName(%s) is %s', (input, familiar) => {
    expect(familiarName(parseReference(input))).toBe(familiar);
  });
});

describe('where to send requests', () => {
  it.each([
    ['alpine', 'registry-1.docker.io'],
    ['index.docker.io/user/app', 'registry-1.docker.io'],
    ['docker.io/library/alpine:3.20', 'registry-1.docker.io'],
    ['quay.io/org/app', 'quay.io'],
    ['localhost/app', 'localhost'],
    ['127.0.0.1:5000/team/app', '127.0.0.1:5000'],
    ['[::1]:5000/app', '[::1]:5000'],
  ])('registryEndpointHost(%s) is %s', (input, host) => {
    expect(registryEndpointHost(parseReference(input))).toBe(host);
  });

  it.each([
    ['alpine', '/v2/library/alpine/manifests/latest'],
    ['alpine:3.20', '/v2/library/alpine/manifests/3.20'],
    ['127.0.0.1:5000/team/app:1.0', '/v2/team/app/manifests/1.0'],
    [`alpine@${DIGEST}`, `/v2/library/alpine/manifests/${DIGEST}`],
    // docker pulls name:tag@digest by digest.
    [`alpine:3.20@${DIGEST}`, `/v2/library/alpine/manifests/${DIGEST}`],
  ])('manifestPath(%s) is %s', (input, path) => {
    expect(manifestPath(parseReference(input))).toBe(path);
  });

  it('asks for latest when a hand-built reference names neither tag nor digest, as docker defaults', () => {
    expect(manifestPath({ registry: 'docker.io', repository: 'library/alpine', tag: null, digest: null })).toBe(
      '/v2/library/alpine/manifests/latest',
    );
  });
});

describe('isLoopbackHost', () => {
  it.each([
    'localhost',
    'localhost:5000',
    'LOCALHOST:5000',
    '127.0.0.1',
    '127.0.0.1:5000',
    '127.1.2.3',
    '127.255.255.254:80',
    '::1',
    '[::1]',
    '[::1]:5000',
    '0:0:0:0:0:0:0:1',
    '[0:0::1]:443',
    '::0001',
  ])('%s is loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });

  it.each([
    '',
    'example.com',
    'localhost.example.com',
    'localhostx:5000',
    '128.0.0.1',
    '1127.0.0.1',
    '127.0.0.256',
    '127.0.0',
    '127.0.0.1.5',
    '127.0.0.01', // Go's ParseIP refuses leading zeros (they read as octal elsewhere)
    '10.0.0.1:5000',
    '::',
    '::2',
    '[::]:5000',
    'fe80::1',
    '0:0:0:0:0:0:0:0:1',
    '::1::',
    '[::1',
  ])('%j is not loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });
});

describe('printed forms parse back to the same reference', () => {
  const component = fc.stringMatching(/^[a-z0-9]{1,8}(?:(?:[._]|__|-{1,3})[a-z0-9]{1,8}){0,2}$/);
  // Docker Hub namespaces are plain words; a first component with '.' or named localhost would read as
  // a registry in the familiar form, an ambiguity docker shares.
  const hubNamespace = fc.stringMatching(/^[a-z0-9]{1,12}$/).filter((s) => s !== 'localhost');
  const hubRepository = fc
    .tuple(fc.option(hubNamespace, { nil: null }), fc.array(component, { minLength: 1, maxLength: 3 }))
    .map(([namespace, rest]) => `${namespace ?? 'library'}/${rest.join('/')}`);
  const otherRepository = fc.array(component, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('/'));
  const located = fc.oneof(
    hubRepository.map((repository) => ({ registry: 'docker.io', repository })),
    fc
      .tuple(fc.constantFrom('localhost', 'localhost:5000', '127.0.0.1:5000', '[::1]:5000', 'quay.io', 'Example.COM:443'), otherRepository)
      .map(([registry, repository]) => ({ registry, repository })),
  );
  const tag = fc.option(fc.stringMatching(/^\w[\w.-]{0,30}$/), { nil: null });
  const digest = fc.option(
    fc.oneof(
      fc.stringMatching(/^[a-f0-9]{64}$/).map((h) => `sha256:${h}`),
      fc.stringMatching(/^[a-f0-9]{128}$/).map((h) => `sha512:${h}`),
    ),
    { nil: null },
  );
  const reference: fc.Arbitrary<Reference> = fc
    .tuple(located, tag, digest)
    .map(([where, t, d]) => ({ ...where, tag: t === null && d === null ? 'latest' : t, digest: d }));

  it('canonicalString and familiarString round-trip', () => {
    fc.assert(
      fc.property(reference, (ref) => {
        expect(parseReference(canonicalString(ref))).toEqual(ref);
        expect(parseReference(familiarString(ref))).toEqual(ref);
        expect(parseReference(`docker://${canonicalString(ref)}`)).toEqual(ref);
      }),
    );
  });
});

describe('every reference the parser accepts makes a URL for the host it names', () => {
  // Host-like text: labels of letters, digits and hyphens (IPv4 and numeric look-alikes included), dots,
  // an optional port of any length, or brackets around hex and colons; then a short repository.
  const label = fc.stringMatching(/^[a-zA-Z0-9-]{1,6}$/);
  const name = fc.array(fc.oneof(label, fc.stringMatching(/^(?:0|[1-9][0-9]{0,3}|0x[0-9a-f]{1,3}|0[0-7]{1,3})$/)), {
    minLength: 1,
    maxLength: 5,
  });
  const bracketed = fc.stringMatching(/^[a-fA-F0-9:]{1,12}$/).map((inner) => `[${inner}]`);
  const port = fc.option(fc.stringMatching(/^[0-9]{1,6}$/), { nil: null });
  const host = fc
    .tuple(
      fc.oneof(
        name.map((labels) => labels.join('.')),
        bracketed,
      ),
      port,
    )
    .map(([h, p]) => (p === null ? h : `${h}:${p}`));
  const input = fc.tuple(host, fc.constantFrom('a', 'team/app:1.0', `app@${DIGEST}`)).map(([h, rest]) => `${h}/${rest}`);

  it('new URL() takes the registry host and reads the same host name and port from it', () => {
    let accepted = 0;
    fc.assert(
      fc.property(input, (text) => {
        let ref: Reference;
        try {
          ref = parseReference(text);
        } catch (e) {
          expect((e as { code?: string }).code).toBe('REFERENCE_INVALID');
          return;
        }
        accepted++;
        const host = registryEndpointHost(ref);
        const url = new URL(`https://${host}${manifestPath(ref)}`);
        const written = /^(.*?)(?::([0-9]+))?$/.exec(host)!;
        if (!host.startsWith('[')) expect(url.hostname).toBe(written[1]!.toLowerCase());
        else expect(url.hostname.startsWith('[')).toBe(true);
        expect(Number(url.port || 443)).toBe(written[2] === undefined ? 443 : Number(written[2]));
      }),
      { numRuns: 2000 },
    );
    // The property says something only if many inputs pass the parser.
    expect(accepted).toBeGreaterThan(200);
  });
});
