import { describe, expect, it } from 'vitest';
import { parseSourceSpec, type SourceSpec } from './sourceSpec';

describe('source names in skopeo syntax', () => {
  const cases: Array<[input: string, expected: SourceSpec]> = [
    ['alpine', { transport: 'registry', reference: 'alpine' }],
    ['127.0.0.1:5000/team/app:1.0', { transport: 'registry', reference: '127.0.0.1:5000/team/app:1.0' }],
    ['docker://alpine:3.20', { transport: 'registry', reference: 'docker://alpine:3.20' }],
    ['oci:/tmp/layout', { transport: 'oci', dir: '/tmp/layout', tag: null }],
    ['oci:/tmp/layout:1.0', { transport: 'oci', dir: '/tmp/layout', tag: '1.0' }],
    ['oci:layout:', { transport: 'oci', dir: 'layout', tag: null }],
    ['docker-archive:/tmp/a.tar', { transport: 'docker-archive', file: '/tmp/a.tar', image: null }],
    [
      'docker-archive:a.tar:lens/sample:schema2',
      { transport: 'docker-archive', file: 'a.tar', image: { reference: 'lens/sample:schema2' } },
    ],
    ['docker-archive:a.tar:@1', { transport: 'docker-archive', file: 'a.tar', image: { index: 1 } }],
    ['./manifest', { transport: 'file', path: './manifest' }],
    ['/tmp/m', { transport: 'file', path: '/tmp/m' }],
    ['saved.JSON', { transport: 'file', path: 'saved.JSON' }],
    ['  alpine  ', { transport: 'registry', reference: 'alpine' }],
  ];
  it.each(cases)('%s', (input, expected) => expect(parseSourceSpec(input)).toEqual(expected));

  it('takes a bare word as a file only when the caller found one', () => {
    expect(parseSourceSpec('manifest', (p) => p === 'manifest')).toEqual({ transport: 'file', path: 'manifest' });
    expect(parseSourceSpec('manifest', () => false)).toEqual({ transport: 'registry', reference: 'manifest' });
  });

  it.each(['', 'oci:', 'oci::tag', 'docker-archive:', 'docker-archive:a.tar:@x', 'docker-archive:a.tar:@-1'])(
    'refuses %j as USAGE',
    (input) => {
      expect(() => parseSourceSpec(input)).toThrow(expect.objectContaining({ code: 'USAGE' }));
    },
  );
});
