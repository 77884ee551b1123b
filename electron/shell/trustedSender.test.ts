import { describe, expect, it } from 'vitest';
import { isTrustedSender } from './trustedSender';

describe('isTrustedSender', () => {
  it('trusts the app page at its top level', () => {
    expect(isTrustedSender({ url: 'app://lens/index.html', isTopLevel: true })).toBe(true);
    expect(isTrustedSender({ url: 'app://lens/index.html#/inspect', isTopLevel: true })).toBe(true);
  });

  it('refuses a subframe, even one served from the app origin', () => {
    expect(isTrustedSender({ url: 'app://lens/index.html', isTopLevel: false })).toBe(false);
  });

  it('refuses other origins and look-alikes', () => {
    for (const url of [
      'https://lens/index.html',
      'app://lens.evil.example/index.html',
      'app://evil/index.html',
      'file:///app/index.html',
      'http://127.0.0.1:5173/',
      'about:blank',
    ]) {
      expect(isTrustedSender({ url, isTopLevel: true }), url).toBe(false);
    }
  });

  it('refuses a missing frame and URLs that do not parse', () => {
    expect(isTrustedSender(null)).toBe(false);
    expect(isTrustedSender({ url: '', isTopLevel: true })).toBe(false);
    expect(isTrustedSender({ url: 'not a url', isTopLevel: true })).toBe(false);
  });
});
