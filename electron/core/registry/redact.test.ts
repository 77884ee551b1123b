import { describe, expect, it } from 'vitest';
import { redactHeaders } from './redact';

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
