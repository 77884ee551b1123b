/**
 * A bearer token's claims as the triage view shows them. Registries' tokens are usually JWTs (distribution,
 * Docker Hub, Harbor); some are opaque (GHCR). Decoded with jose, not verified: only the registry holds
 * the key, and what matters here is what the token server says it granted.
 */
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { z } from 'zod';
import type { DecodedToken } from '../../../shared/auth';

const Access = z.array(z.looseObject({ type: z.string(), name: z.string(), actions: z.array(z.string()).nullish() }));

/** The furthest a JavaScript Date reaches from 1970, in seconds (ECMAScript's ±8.64e15 ms). */
const MAX_DATE_SECONDS = 8.64e12;

/** A NumericDate claim as a time; null when absent, not a number or beyond any date (exp: 1e300). */
function time(seconds: unknown): string | null {
  return typeof seconds === 'number' && Number.isFinite(seconds) && Math.abs(seconds) <= MAX_DATE_SECONDS
    ? new Date(seconds * 1000).toISOString()
    : null;
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** The decoded header and claims, or null when the token is not a JWT. */
export function decodeToken(token: string): DecodedToken | null {
  let header: Record<string, unknown>;
  let claims: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(token) as Record<string, unknown>;
    claims = decodeJwt(token) as Record<string, unknown>;
  } catch {
    return null;
  }
  const access = Access.safeParse(claims.access);
  const aud = claims.aud;
  return {
    header: Object.fromEntries(['alg', 'kid', 'typ'].flatMap((k) => (typeof header[k] === 'string' ? [[k, header[k] as string]] : []))),
    iss: text(claims.iss),
    sub: text(claims.sub),
    aud: typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud.filter((a): a is string => typeof a === 'string') : [],
    jti: text(claims.jti),
    exp: time(claims.exp),
    iat: time(claims.iat),
    nbf: time(claims.nbf),
    access: access.success ? access.data.map((a) => ({ type: a.type, name: a.name, actions: a.actions ?? [] })) : [],
  };
}
