import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fieldsOciDoesNotDefine, normalizeOciConfig } from './ociConfig';
import { readVector } from '../../../test/support/vectors';
import { refusal } from '../../../test/support/lensError';

const sha = (b: Uint8Array) => `sha256:${createHash('sha256').update(b).digest('hex')}`;
const enc = (text: string) => new TextEncoder().encode(text);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

/** What the httpd config of containers/image's vectors carries beyond the image-spec's config.md. */
const HTTPD_DOCKER_ONLY_CONFIG_FIELDS = [
  'Hostname',
  'Domainname',
  'AttachStdin',
  'AttachStdout',
  'AttachStderr',
  'Tty',
  'OpenStdin',
  'StdinOnce',
  'Image',
  'OnBuild',
].map((f) => `config.${f}`);

describe('fieldsOciDoesNotDefine', () => {
  it("lists exactly the httpd config's fields that config.md does not define", () => {
    expect(fieldsOciDoesNotDefine(readVector('containers-image/schema2-config.json'))).toEqual([
      'container',
      'container_config',
      'docker_version',
      ...HTTPD_DOCKER_ONLY_CONFIG_FIELDS,
    ]);
  });

  it("counts the image-spec's reserved fields as defined, and names history entries by position", () => {
    const config = enc(
      '{"architecture":"amd64","os":"linux","config":{"Memory":1,"MemorySwap":2,"CpuShares":3,"Healthcheck":{},"ArgsEscaped":true},' +
        '"rootfs":{"type":"layers","diff_ids":[]},"history":[{"created_by":"a","id":"x"},{},{"id":"y","parent":"x"}]}',
    );
    expect(fieldsOciDoesNotDefine(config)).toEqual(['history[0,2].id', 'history[2].parent']);
  });

  it('lists nothing for the config normalised as skopeo writes it', () => {
    expect(fieldsOciDoesNotDefine(normalizeOciConfig(readVector('containers-image/schema2-config.json')).bytes)).toEqual([]);
  });
});

describe('normalizeOciConfig', () => {
  it("gives containers/image's own schema 2 → OCI config: the digest and size its schema2-to-oci1.json names", () => {
    const out = normalizeOciConfig(readVector('containers-image/schema2-config.json'));
    const expected = JSON.parse(text(readVector('containers-image/schema2-to-oci1.json'))) as { config: { digest: string; size: number } };
    expect(sha(out.bytes)).toBe(expected.config.digest);
    expect(out.bytes.length).toBe(expected.config.size);
    expect(JSON.parse(text(out.bytes))).toEqual(JSON.parse(text(readVector('containers-image/schema2-to-oci1-config.json'))));
    expect(out.dropped).toEqual([...HTTPD_DOCKER_ONLY_CONFIG_FIELDS, 'container', 'container_config', 'docker_version']);
    expect(out.retimed).toEqual([]);
  });

  it('refuses, typed, what Go cannot decode into the OCI type', () => {
    const e = refusal(() => normalizeOciConfig(enc('{"architecture":"amd64","os":"linux","config":{"Labels":{"a":1}},"rootfs":{}}')));
    expect(e.code).toBe('CONVERSION_REFUSED');
    expect(e.message).toContain('config.Labels.a is not a string');
    expect(refusal(() => normalizeOciConfig(enc('[]'))).code).toBe('INPUT_INVALID');
  });
});

describe('the paths both name', () => {
  it('history keys per key, with the positions of the entries that carry them, in both lists', () => {
    const config = enc(
      '{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]},' +
        '"history":[{"created_by":"a","id":"x"},{},{"id":"y","parent":"x"}]}',
    );
    expect(normalizeOciConfig(config).dropped).toEqual(['history[0,2].id', 'history[2].parent']);
    expect(fieldsOciDoesNotDefine(config)).toEqual(['history[0,2].id', 'history[2].parent']);
  });
});
