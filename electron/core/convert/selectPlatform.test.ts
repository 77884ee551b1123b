import { describe, expect, it } from 'vitest';
import { LensError } from '../errors';
import { MediaType } from '../../../shared/mediaTypes';
import type { DockerList, OciIndex } from './manifestTypes';
import { parsePlatform, selectPlatform } from './selectPlatform';

const d = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}`;
const entry = (n: number, os: string, architecture: string, variant?: string) => ({
  mediaType: MediaType.dockerSchema2,
  size: 100 + n,
  digest: d(n),
  platform: variant === undefined ? { os, architecture } : { os, architecture, variant },
});

const list: DockerList = {
  schemaVersion: 2,
  mediaType: MediaType.dockerList,
  manifests: [
    entry(1, 'linux', 'arm64', 'v8'),
    entry(2, 'linux', 'amd64', 'v3'),
    entry(3, 'linux', 'amd64'),
    entry(4, 'windows', 'amd64'),
    entry(5, 'linux', 'arm'),
    entry(6, 'linux', 'arm64'),
  ],
};

describe('selectPlatform', () => {
  it('picks the first linux/amd64 entry whatever its variant, as distribution 2.8 does', () => {
    expect(selectPlatform(list)).toEqual({ descriptor: list.manifests[1], index: 1 });
  });

  it.each([
    ['linux/amd64', 1],
    ['linux/amd64/v3', 1],
    ['linux/amd64/v1', 2],
    ['windows/amd64', 3],
    ['linux/arm64', 0],
    ['linux/arm64/v8', 0],
    ['linux/arm/v7', 4],
  ])('--platform %s selects entry %i', (platform, index) => {
    expect(selectPlatform(list, parsePlatform(platform)).index).toBe(index);
  });

  it('skips index entries without a platform', () => {
    const index: OciIndex = {
      schemaVersion: 2,
      manifests: [
        { mediaType: MediaType.ociManifest, size: 1, digest: d(7) },
        { ...entry(8, 'linux', 'amd64'), mediaType: MediaType.ociManifest },
      ],
    };
    expect(selectPlatform(index).index).toBe(1);
  });

  it('refuses with the platforms on offer when none matches', () => {
    let error: unknown;
    try {
      selectPlatform(list, parsePlatform('linux/s390x'));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LensError);
    expect((error as LensError).code).toBe('CONVERSION_REFUSED');
    expect((error as LensError).message).toContain('linux/s390x');
    expect((error as LensError).detail).toContain('linux/arm64/v8, linux/amd64/v3, linux/amd64, windows/amd64');
  });
});

describe('parsePlatform', () => {
  it('reads os/arch and os/arch/variant', () => {
    expect(parsePlatform('linux/arm64/v8')).toEqual({ os: 'linux', architecture: 'arm64', variant: 'v8' });
    expect(parsePlatform('windows/amd64')).toEqual({ os: 'windows', architecture: 'amd64' });
  });

  it.each(['linux', 'linux/', '/amd64', 'a/b/c/d', 'linux/amd 64'])('refuses %j as USAGE', (text) => {
    expect(() => parsePlatform(text)).toThrow(expect.objectContaining({ code: 'USAGE' }));
  });
});
