import { describe, expect, it } from 'vitest';
import { nextPageQuery, parseLinkHeader } from './linkHeader';

describe('parseLinkHeader', () => {
  it.each<[string, string | null, Array<{ target: string; rels: string[] }>]>([
    ['distribution tags/list', '</v2/app/tags/list?last=b&n=2>; rel="next"', [{ target: '/v2/app/tags/list?last=b&n=2', rels: ['next'] }]],
    [
      'unquoted rel, extra params, odd case',
      '<https://r.example/v2/x?n=1>; type="a"; REL=Next',
      [{ target: 'https://r.example/v2/x?n=1', rels: ['next'] }],
    ],
    [
      'two links, several rels',
      '</a>; rel="prev", </b>; rel="next last"',
      [
        { target: '/a', rels: ['prev'] },
        { target: '/b', rels: ['next', 'last'] },
      ],
    ],
    ['absent', null, []],
    ['garbage', 'rel=next', []],
  ])('%s', (_name, value, links) => {
    expect(parseLinkHeader(value)).toEqual(links);
  });
});

describe('nextPageQuery', () => {
  const page = 'http://127.0.0.1:5000/v2/app/tags/list?n=2';
  it.each<[string, string | null, string | null]>([
    ['a relative next link gives its query', '</v2/app/tags/list?last=b&n=2>; rel="next"', 'last=b&n=2'],
    ['an absolute one on the same registry too', '<http://127.0.0.1:5000/v2/app/tags/list?last=c&n=2>; rel="next"', 'last=c&n=2'],
    ['no next link: last page', '</v2/app/tags/list?n=2>; rel="prev"', null],
    ['another host is not followed', '<http://evil.example/v2/app/tags/list?last=b>; rel="next"', null],
    ['another path is not followed', '</v2/other/tags/list?last=b>; rel="next"', null],
    ['no header', null, null],
  ])('%s', (_name, value, query) => {
    expect(nextPageQuery(value, page)).toBe(query);
  });
});
