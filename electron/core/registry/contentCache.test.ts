import { describe, expect, it } from 'vitest';
import { sha256Digest } from '../digest';
import { ContentCache, type ContentAddress } from './contentCache';

const content = (text: string) => ({ bytes: Buffer.from(text), mediaType: 'application/vnd.oci.image.config.v1+json', headers: [] });
const address = (text: string, digest = sha256Digest(Buffer.from(text))): ContentAddress => ({
  kind: 'blob',
  host: '127.0.0.1:5000',
  repository: 'lens/sample',
  digest,
});

describe('ContentCache', () => {
  it('keeps bytes under the digest they hash to, per repository', () => {
    const cache = new ContentCache();
    expect(cache.put(address('{"a":1}'), content('{"a":1}'))).toBe(true);
    expect(cache.get(address('{"a":1}'))?.bytes.toString()).toBe('{"a":1}');
    expect(cache.get({ ...address('{"a":1}'), repository: 'lens/other' })).toBeUndefined();
  });

  it('refuses bytes that do not hash to the digest they are stored under', () => {
    const cache = new ContentCache();
    expect(cache.put(address('{"a":1}', sha256Digest(Buffer.from('other'))), content('{"a":1}'))).toBe(false);
    expect(cache.size).toEqual({ entries: 0, bytes: 0 });
  });

  it('stays within its byte bound, dropping the least recently used first', () => {
    const cache = new ContentCache(10);
    cache.put(address('aaaa'), content('aaaa'));
    cache.put(address('bbbb'), content('bbbb'));
    cache.get(address('aaaa'));
    cache.put(address('cccc'), content('cccc'));
    expect(cache.get(address('bbbb'))).toBeUndefined();
    expect(cache.get(address('aaaa'))).toBeDefined();
    expect(cache.size).toEqual({ entries: 2, bytes: 8 });
    expect(cache.put(address('x'.repeat(11)), content('x'.repeat(11)))).toBe(false);
  });
});
