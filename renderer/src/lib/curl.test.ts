import { describe, expect, it } from 'vitest';
import type { CapturedExchange } from '../../../shared/exchange';
import { curlCommand, shellQuote } from './curl';

function exchange(over: Partial<CapturedExchange>): CapturedExchange {
  return {
    purpose: 'manifest',
    method: 'GET',
    url: 'http://127.0.0.1:5000/v2/lens/app/manifests/v1',
    requestHeaders: [['user-agent', 'manifest-lens/0.1']],
    status: 200,
    statusText: 'OK',
    responseHeaders: [],
    bodyBase64: '',
    bodySize: 0,
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 3,
    ...over,
  };
}

describe('shellQuote', () => {
  it.each([
    ['plain', "'plain'"],
    ["it's", `'it'\\''s'`],
    ['$HOME `x` "y"', `'$HOME \`x\` "y"'`],
  ])('%s → %s', (text, quoted) => expect(shellQuote(text)).toBe(quoted));
});

describe('curlCommand', () => {
  it('repeats a GET with its headers, and keeps curl from adding an Accept that was not sent', () => {
    expect(curlCommand(exchange({}))).toBe(
      `curl -sS -i -H 'user-agent: manifest-lens/0.1' -H 'Accept:' 'http://127.0.0.1:5000/v2/lens/app/manifests/v1'`,
    );
  });

  it('sends the Accept header exactly as captured, and HEAD as -I', () => {
    const cmd = curlCommand(
      exchange({ method: 'HEAD', requestHeaders: [['accept', 'application/vnd.oci.image.index.v1+json, */*;q=0.5']] }),
    );
    expect(cmd).toBe(
      `curl -sS -I -H 'accept: application/vnd.oci.image.index.v1+json, */*;q=0.5' 'http://127.0.0.1:5000/v2/lens/app/manifests/v1'`,
    );
  });

  it('puts a variable where the credential was, with a note saying to set it', () => {
    const cmd = curlCommand(exchange({ requestHeaders: [['authorization', 'Bearer <redacted>']] }));
    expect(cmd.split('\n')).toEqual([
      '# Set REGISTRY_CREDENTIAL first: Manifest Lens never shows the credential it sent.',
      `curl -sS -i -H "authorization: Bearer $REGISTRY_CREDENTIAL" -H 'Accept:' 'http://127.0.0.1:5000/v2/lens/app/manifests/v1'`,
    ]);
  });

  it('says when a request body was not recorded', () => {
    expect(curlCommand(exchange({ method: 'POST', url: 'https://auth.example/token' }))).toContain(
      '# The request body was not recorded.\ncurl -sS -i -X POST',
    );
  });
});
