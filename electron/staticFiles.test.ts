import { describe, expect, it } from 'vitest';
import { appFilePath } from './appProtocol';
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

describe('appFilePath', () => {
  it('serves only the app://lens origin', () => {
    expect(appFilePath('/srv/r', 'app://lens/index.html')).toBe('/srv/r/index.html');
    expect(appFilePath('/srv/r', 'app://other/index.html')).toBeNull();
    expect(appFilePath('/srv/r', 'file:///etc/passwd')).toBeNull();
  });
});
