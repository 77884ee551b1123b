import { describe, expect, it } from 'vitest';
import { fileInside } from './staticFiles';

describe('fileInside', () => {
  it.each([
    ['/', '/srv/r/index.html'],
    ['/assets/a.js', '/srv/r/assets/a.js'],
    ['/a%20b.css', '/srv/r/a b.css'],
    ['/../etc/passwd', null],
    ['/%2e%2e/etc/passwd', null],
    ['/..%2f..%2fetc/passwd', null],
    ['/%E0%A4%A', null],
    ['/x%00.js', null],
  ])('%s -> %s', (path, expected) => {
    expect(fileInside('/srv/r', path)).toBe(expected);
  });
});
