import { describe, expect, it } from 'vitest';
import { redactHeaders, withoutUserinfo } from './redact';

describe('redactHeaders', () => {
  it('keeps the scheme of credentials and drops the secret', () => {
    const secret = 'planted-secret-7f3a';
    const out = redactHeaders([
      ['Authorization', `Bearer ${secret}`],
      ['proxy-authorization', `Basic ${secret}`],
      ['cookie', `session=${secret}`],
      ['accept', 'application/json'],
    ]);
    expect(out).toEqual([
      ['Authorization', 'Bearer <redacted>'],
      ['proxy-authorization', 'Basic <redacted>'],
      ['cookie', '<redacted>'],
      ['accept', 'application/json'],
    ]);
    expect(JSON.stringify(out)).not.toContain(secret);
  });
});

describe('URL credentials in header values', () => {
  it('masks the userinfo of every URL in a header, keeping the rest readable (RFC 3986 authority)', () => {
    const out = redactHeaders([
      ['WWW-Authenticate', 'Bearer realm="https://tok-user:tok-pass-3c9@auth.example/token?x=a@b",service="s"'],
      ['location', 'https://u:p%40ss@storage.example/blob'],
      ['link', '</v2/a/tags/list?last=b>; rel="next"'],
    ]);
    expect(out).toEqual([
      ['WWW-Authenticate', 'Bearer realm="https://<redacted>@auth.example/token?x=a@b",service="s"'],
      ['location', 'https://<redacted>@storage.example/blob'],
      ['link', '</v2/a/tags/list?last=b>; rel="next"'],
    ]);
  });

  it('drops userinfo from a URL that is used again', () => {
    expect(withoutUserinfo('https://u:p@auth.example/token')).toBe('https://auth.example/token');
    expect(withoutUserinfo('https://auth.example/token')).toBe('https://auth.example/token');
  });
});
