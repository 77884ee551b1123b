import { describe, expect, it } from 'vitest';
import { describeRegistryError, parseErrorBody } from './errorBody';

const bytes = (s: string) => Buffer.from(s);

describe('parseErrorBody', () => {
  it('reads distribution error entries with detail', () => {
    const body =
      '{"errors":[{"code":"MANIFEST_UNKNOWN","message":"OCI manifest found, but accept header does not support OCI manifests","detail":{"Tag":"oci"}}]}';
    expect(parseErrorBody(bytes(body))).toEqual([
      { code: 'MANIFEST_UNKNOWN', message: 'OCI manifest found, but accept header does not support OCI manifests', detail: { Tag: 'oci' } },
    ]);
  });
  it.each([
    ['not JSON', '<html>502 Bad Gateway</html>'],
    ['JSON without errors', '{"message":"nope"}'],
    ['an empty errors array', '{"errors":[]}'],
    ['entries without code', '{"errors":[{"message":"x"}]}'],
  ])('returns null for %s', (_name, body) => {
    expect(parseErrorBody(bytes(body))).toBeNull();
  });
});

describe('describeRegistryError', () => {
  it('joins status and entries on one line', () => {
    expect(describeRegistryError(404, 'Not Found', [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }])).toBe(
      '404 Not Found: MANIFEST_UNKNOWN manifest unknown',
    );
    expect(describeRegistryError(502, 'Bad Gateway', null)).toBe('502 Bad Gateway');
  });
});
