import { describe, expect, it } from 'vitest';
import { MANIFEST_MEDIA_TYPES, MediaType } from '../../../shared/mediaTypes';
import { acceptValues, DEFAULT_ACCEPT_SELECTION, toggleMediaType, type AcceptSelection } from './acceptSelection';

const only = (...types: string[]): AcceptSelection => ({ mediaTypes: new Set(types), noAccept: false, custom: '' });

describe('acceptValues', () => {
  it.each<[string, AcceptSelection, string[]]>([
    ['every format by default, in format order', DEFAULT_ACCEPT_SELECTION, [...MANIFEST_MEDIA_TYPES]],
    [
      'checked types in format order, whatever the click order',
      only(MediaType.ociIndex, MediaType.dockerSchema2),
      [MediaType.dockerSchema2, MediaType.ociIndex],
    ],
    ['nothing checked: no header', only(), []],
    ['"No Accept header" wins over checked types and a custom value', { ...DEFAULT_ACCEPT_SELECTION, noAccept: true, custom: 'x/y' }, []],
    [
      'custom value last, trimmed',
      { ...only(MediaType.dockerSchema2), custom: '  application/json;q=0.1 ' },
      [MediaType.dockerSchema2, 'application/json;q=0.1'],
    ],
    ['custom value alone', { ...only(), custom: MediaType.dockerList }, [MediaType.dockerList]],
    [
      'custom value equal to a checked type is not sent twice',
      { ...only(MediaType.dockerList), custom: MediaType.dockerList },
      [MediaType.dockerList],
    ],
    ['blank custom value is ignored', { ...only(MediaType.ociManifest), custom: '   ' }, [MediaType.ociManifest]],
  ])('%s', (_name, selection, expected) => {
    expect(acceptValues(selection)).toEqual(expected);
  });
});

describe('toggleMediaType', () => {
  it('adds and removes one type without touching the selection it was given', () => {
    const before = only(MediaType.dockerSchema2);
    const added = toggleMediaType(before, MediaType.ociManifest, true);
    const removed = toggleMediaType(added, MediaType.dockerSchema2, false);
    expect([...before.mediaTypes]).toEqual([MediaType.dockerSchema2]);
    expect(acceptValues(added)).toEqual([MediaType.dockerSchema2, MediaType.ociManifest]);
    expect(acceptValues(removed)).toEqual([MediaType.ociManifest]);
  });
});
