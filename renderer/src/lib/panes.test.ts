import { describe, expect, it } from 'vitest';
import { MediaType } from '../../../shared/mediaTypes';
import { counterpart, visiblePanes } from './panes';

describe('visiblePanes', () => {
  it('shows an image beside its two other image formats, three panes in all', () => {
    expect(visiblePanes({}, MediaType.dockerSchema2)).toEqual(['as-served', 'v2s1', 'oci']);
    expect(visiblePanes({}, MediaType.ociManifest)).toEqual(['as-served', 'v2s1', 'v2s2']);
    expect(visiblePanes({}, MediaType.dockerSchema1Signed)).toEqual(['as-served', 'v2s2', 'oci']);
  });
  it('shows a list beside the other list format and its default image as schema 2', () => {
    expect(visiblePanes({}, MediaType.ociIndex)).toEqual(['as-served', 'v2s2', 'docker-list']);
    expect(visiblePanes({}, MediaType.dockerList)).toEqual(['as-served', 'v2s2', 'oci-index']);
  });
  it('lets explicit choices win over the defaults, in pane order', () => {
    expect(visiblePanes({ 'oci-index': true, v2s1: false, v2s2: true }, MediaType.dockerSchema2)).toEqual([
      'as-served',
      'v2s2',
      'oci',
      'oci-index',
    ]);
  });
});

describe('counterpart', () => {
  it.each<[string | null, string]>([
    [MediaType.dockerSchema2, 'oci'],
    [`${MediaType.ociIndex}; charset=utf-8`, 'docker-list'],
    [MediaType.dockerSchema1Signed, 'v2s1-unsigned'],
    ['application/json; charset=utf-8', 'v2s2'],
    [null, 'v2s2'],
  ])('%s → %s', (type, format) => expect(counterpart(type)).toBe(format));
});
