import type { ArgsOf, CallName, LensApi } from '../../../shared/api';
import { SESSION_HEADER } from '../../../shared/session';
import { LensCallError } from './errors';

declare global {
  interface Window {
    /** The Electron preload bridge (electron/shell/preload.ts); absent in the browser mode. */
    lens?: LensApi;
  }
}

/** Sends one call and returns the raw envelope, not yet validated. */
export type Transport = <K extends CallName>(name: K, args: ArgsOf<K>) => Promise<unknown>;

export function bridgeTransport(bridge: LensApi): Transport {
  // The bridge is indexed by call name; TypeScript cannot relate `name` to `args`, the contract does.
  return (name, args) => (bridge[name] as (a: typeof args) => Promise<unknown>)(args);
}

/**
 * The browser mode (electron/web/serve.ts): POST /api/<call> with the arguments as JSON and the session
 * token in its header (shared/session.ts). Without a token the header is left out and the server answers 401.
 */
export function httpTransport(sessionToken: string | null): Transport {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (sessionToken !== null) headers[SESSION_HEADER] = sessionToken;
  return async (name, args) => {
    let response: Response;
    try {
      response = await fetch(`/api/${name}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(args),
        // No cookie is ever needed: the server sets none and reads none.
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch (e) {
      throw new LensCallError(
        'SERVER_UNREACHABLE',
        'The Manifest Lens server is not answering; check that `manifest-lens serve` is still running.',
        e instanceof Error ? e.message : String(e),
      );
    }
    if (response.status === 401) {
      throw new LensCallError(
        'SESSION_UNAUTHORIZED',
        'This browser session is not authorized; open the exact URL that `manifest-lens serve` printed.',
      );
    }
    try {
      return (await response.json()) as unknown;
    } catch {
      throw new LensCallError('INTERNAL', `The Manifest Lens server sent an unreadable answer (HTTP ${response.status}).`);
    }
  };
}
