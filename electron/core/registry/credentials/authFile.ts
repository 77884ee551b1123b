/**
 * The file format docker's config.json and containers' auth.json share: `auths` keyed by registry (auth =
 * base64 "user:password", or username/password, plus an optional identitytoken), `credHelpers` naming a
 * helper per registry, and (docker only) a default `credsStore`.
 */
import { z } from 'zod';
import { isLensError } from '../../errors';
import { RegularFile } from '../../regularFile';
import type { Credential } from './types';
import { normalizeAuthKey } from './hubKeys';

const AuthEntry = z.looseObject({
  auth: z.string().optional(),
  username: z.string().optional(),
  password: z.string().optional(),
  identitytoken: z.string().optional(),
});
export type AuthEntry = z.infer<typeof AuthEntry>;

const AuthFile = z.looseObject({
  auths: z.record(z.string(), AuthEntry).optional(),
  credHelpers: z.record(z.string(), z.string()).optional(),
  credsStore: z.string().optional(),
});
export type AuthFile = z.infer<typeof AuthFile>;

/** docker's config.json is a few KiB; a larger file is not one. */
const AUTH_FILE_LIMIT = 4 * 1024 * 1024;

export type AuthFileRead = { state: 'absent' } | { state: 'invalid'; reason: string } | { state: 'ok'; file: AuthFile };

/** Reads and validates a file; absent and unreadable are told apart, and neither throws. */
export async function readAuthFile(path: string): Promise<AuthFileRead> {
  let text: string;
  try {
    const file = await RegularFile.openIfPresent(path, 'credentials file');
    if (!file) return { state: 'absent' };
    try {
      text = (await file.readAll(AUTH_FILE_LIMIT)).toString('utf8');
    } finally {
      await file.close();
    }
  } catch (e) {
    // A FIFO, a device, a folder, a huge file or no permission: refused before a byte is read.
    return { state: 'invalid', reason: isLensError(e) ? e.message.replace(/\.$/, '') : 'cannot be read' };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { state: 'invalid', reason: 'is not valid JSON' };
  }
  const parsed = AuthFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { state: 'invalid', reason: `does not have the expected shape (${issue?.path.join('.') || 'top level'}: ${issue?.message})` };
  }
  return { state: 'ok', file: parsed.data };
}

/**
 * The entry for the first of `keys` present, else the first whose normalized form matches the normalized
 * registry (the fallback docker and containers/image keep for keys written as URLs).
 */
export function findEntry(auths: AuthFile['auths'], keys: readonly string[], registry: string): { key: string; entry: AuthEntry } | null {
  if (!auths) return null;
  for (const key of keys) {
    const entry = auths[key];
    if (entry) return { key, entry };
  }
  const wanted = normalizeAuthKey(registry);
  const key = Object.keys(auths).find((k) => normalizeAuthKey(k) === wanted);
  return key === undefined ? null : { key, entry: auths[key]! };
}

/**
 * The credential an entry holds, or null when it holds none (docker writes `{}` for helper-stored ones).
 * `auth` wins over username/password as in docker's loader; an identity token wins over a password.
 */
export function entryCredential(entry: AuthEntry): Credential | null {
  let username = entry.username ?? '';
  let password = entry.password ?? '';
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) {
      username = decoded.slice(0, colon);
      // Some old writers padded with NUL bytes; docker trims them.
      password = decoded.slice(colon + 1).replace(/^\0+|\0+$/g, '');
    }
  }
  if (entry.identitytoken) return { kind: 'identity-token', username: username || null, token: entry.identitytoken };
  if (username && password) return { kind: 'password', username, password };
  return null;
}
