import { describe, expect, it } from 'vitest';
import { appFilePath } from './appProtocol';

describe('appFilePath', () => {
  it('serves only the app://lens origin', () => {
    expect(appFilePath('/srv/r', 'app://lens/index.html')).toBe('/srv/r/index.html');
    expect(appFilePath('/srv/r', 'app://other/index.html')).toBeNull();
    expect(appFilePath('/srv/r', 'file:///etc/passwd')).toBeNull();
  });

  it('keeps requests inside the renderer folder', () => {
    expect(appFilePath('/srv/r', 'app://lens/../../etc/passwd')).toBe('/srv/r/etc/passwd');
    expect(appFilePath('/srv/r', 'app://lens/%2e%2e/secret')).toBe('/srv/r/secret');
  });
});
