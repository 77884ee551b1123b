import { describe, expect, it } from 'vitest';
import { unwrapEnvelope } from './envelope';
import { LensCallError } from './errors';

function thrown(raw: unknown): LensCallError {
  try {
    unwrapEnvelope(raw);
  } catch (e) {
    if (e instanceof LensCallError) return e;
    throw e;
  }
  throw new Error('expected unwrapEnvelope to throw');
}

describe('unwrapEnvelope', () => {
  it('returns the value of a success', () => {
    expect(unwrapEnvelope({ ok: true, value: { cancelled: true } })).toEqual({ cancelled: true });
  });

  it('throws the core error with its code, message and detail', () => {
    const e = thrown({
      ok: false,
      error: { code: 'REGISTRY_UNREACHABLE', message: 'Cannot connect to 127.0.0.1:1.', detail: 'ECONNREFUSED' },
    });
    expect([e.code, e.message, e.detail]).toEqual(['REGISTRY_UNREACHABLE', 'Cannot connect to 127.0.0.1:1.', 'ECONNREFUSED']);
  });

  it.each([
    ['not an object', 'hello'],
    ['no ok flag', { value: 1 }],
    ['an unknown error code', { ok: false, error: { code: 'NOPE', message: 'x' } }],
    ['an error without message', { ok: false, error: { code: 'TIMEOUT' } }],
  ])('reports %s as an INTERNAL error, not as a value', (_name, raw) => {
    expect(thrown(raw).code).toBe('INTERNAL');
  });
});
