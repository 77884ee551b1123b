/**
 * A token server after distribution's token specification, for docker-registry's `auth.token` mode: HTTPS
 * on loopback with a self-signed certificate, ES256 JWTs signed with the certificate's key and carrying
 * its libtrust key ID as `kid` (how distribution 2.8 finds the key in its rootcertbundle), claims iss /
 * sub / aud / exp / nbf / iat / jti / access.
 *
 * It speaks both forms: GET ?service=&scope= with optional Basic credentials, and the OAuth2 POST
 * (grant_type=password or refresh_token). It grants scopes per user, so insufficient_scope can be shown,
 * and records every request so tests can assert on what was sent (and on what was not).
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { keyIdOf } from '../../electron/core/convert/libtrust';
import type { ConfigObject } from './registry';
import { selfSignedCert } from './selfSignedCert';

export interface Access {
  type: string;
  name: string;
  actions: string[];
}

export interface TokenUser {
  password?: string;
  /** Identity tokens (OAuth2 refresh tokens) that stand for this user. */
  refreshTokens?: string[];
  /** Repository name (or '*') to the actions this user may have. */
  grants: Record<string, string[]>;
  /** Answer this user's token requests with this status instead (403: known but not allowed). */
  refuseWith?: number;
  /** Issue tokens whose exp is an hour past (the registry must refuse them). */
  expiredTokens?: boolean;
}

export interface TokenServerOptions {
  /** Where the certificate is written (a test's temp dir). */
  dir: string;
  service?: string;
  issuer?: string;
  users?: Record<string, TokenUser>;
  /** What anonymous requests are granted (nothing by default). */
  anonymous?: Record<string, string[]>;
  /** Which name the token has in the answer (the spec allows both). */
  field?: 'token' | 'access_token';
  /** expires_in in the answer and the JWT's lifetime; null leaves it out (clients assume 60 s). */
  expiresIn?: number | null;
  /** Leave issued_at out of the answer. */
  omitIssuedAt?: boolean;
  /** Answer GET with 405, as a token server that speaks only the OAuth2 POST form. */
  postOnly?: boolean;
  /** Fields that replace or join the answer's own (e.g. a hostile expires_in), the JWT unchanged. */
  answerFields?: Record<string, unknown>;
}

export type ResponseSettings = Pick<TokenServerOptions, 'field' | 'expiresIn' | 'omitIssuedAt' | 'postOnly' | 'answerFields'>;

export interface TokenRequestRecord {
  method: string;
  query: Array<[string, string]>;
  /** Form fields of a POST. */
  form: Array<[string, string]>;
  /** The Authorization header exactly as received (null when none). */
  authorization: string | null;
  /** Who the request was made as (null: anonymous or refused). */
  user: string | null;
  scopes: string[];
  granted: Access[];
  status: number;
}

export interface RunningTokenServer {
  /** https://127.0.0.1:PORT/token */
  realm: string;
  service: string;
  issuer: string;
  /** PEM file of the certificate: trust it as a CA, and give it to the registry as rootcertbundle. */
  certFile: string;
  /** libtrust key ID of the signing key, as written in each JWT's kid. */
  keyId: string;
  requests: TokenRequestRecord[];
  /** Every access and refresh token handed out, for leak checks. */
  issued: string[];
  /** The registry's `auth` config section for this server. */
  registryAuth(): ConfigObject;
  /** Changes the shape of later answers (token field, expires_in, issued_at, GET refused). */
  configure(changes: ResponseSettings): void;
  /** A token for `subject` with `access`, minted directly (for fixtures that push as that user). */
  mint(subject: string, access: Access[]): Promise<string>;
  stop(): Promise<void>;
}

const DEFAULT_LIFETIME_S = 300;

export async function startTokenServer(options: TokenServerOptions): Promise<RunningTokenServer> {
  const service = options.service ?? 'lens-registry';
  const issuer = options.issuer ?? 'lens-token-server';
  const users = options.users ?? {};
  // The answer's shape may change between tests that share one server and registry.
  const settings: ResponseSettings = {
    field: options.field,
    expiresIn: options.expiresIn,
    omitIssuedAt: options.omitIssuedAt,
    postOnly: options.postOnly,
    answerFields: options.answerFields,
  };
  const cert = selfSignedCert('lens-token-server');
  const certFile = join(options.dir, 'token-server.pem');
  await writeFile(certFile, cert.certPem);
  const keyId = keyIdOf(cert.privateKey);
  const requests: TokenRequestRecord[] = [];
  const issued: string[] = [];
  // Refresh tokens handed out by password grants, beside the users' own identity tokens.
  const refreshOwners = new Map<string, string>(
    Object.entries(users).flatMap(([name, u]) => (u.refreshTokens ?? []).map((t): [string, string] => [t, name])),
  );

  const mint = async (subject: string, access: Access[], expired = false): Promise<string> => {
    const now = Math.floor(Date.now() / 1000);
    const lifetime = settings.expiresIn ?? DEFAULT_LIFETIME_S;
    const iat = expired ? now - 7200 : now;
    const token = await new SignJWT({ access })
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: keyId })
      .setIssuer(issuer)
      .setSubject(subject)
      .setAudience(service)
      .setIssuedAt(iat)
      .setNotBefore(iat - 1)
      .setExpirationTime(expired ? now - 3600 : now + lifetime)
      .setJti(randomBytes(12).toString('hex'))
      .sign(cert.privateKey);
    issued.push(token);
    return token;
  };

  const grant = (user: string | null, scopes: string[]): Access[] => {
    const table = user === null ? (options.anonymous ?? {}) : users[user]!.grants;
    return scopes.flatMap((scope) => {
      const [type, name, actions] = splitScope(scope);
      const allowed = table[name] ?? table['*'] ?? [];
      const given = actions.filter((a) => allowed.includes(a));
      return type === 'repository' && given.length > 0 ? [{ type, name, actions: given }] : [];
    });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const body = await readBody(req);
    const form = req.method === 'POST' ? [...new URLSearchParams(body)] : [];
    const record: TokenRequestRecord = {
      method: req.method ?? '',
      query: [...url.searchParams],
      form,
      authorization: req.headers.authorization ?? null,
      user: null,
      scopes: [],
      granted: [],
      status: 0,
    };
    requests.push(record);
    const answer = (status: number, json: object) => {
      record.status = status;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(json));
    };
    if (url.pathname !== '/token') return answer(404, { error: 'not_found' });

    let user: string | null = null;
    let offline = false;
    if (req.method === 'GET') {
      if (settings.postOnly) return answer(405, { error: 'unsupported_method' });
      if (url.searchParams.get('service') !== service)
        return answer(400, { error: 'invalid_request', error_description: 'unknown service' });
      record.scopes = url.searchParams
        .getAll('scope')
        .flatMap((s) => s.split(' '))
        .filter(Boolean);
      const basic = parseBasic(req.headers.authorization);
      if (basic) {
        if (users[basic.user]?.password === undefined || users[basic.user]!.password !== basic.password) {
          return answer(401, { error: 'invalid_grant', error_description: 'wrong username or password' });
        }
        user = basic.user;
      }
    } else if (req.method === 'POST') {
      const field = (name: string) => form.find(([k]) => k === name)?.[1];
      if (field('service') !== service || !field('client_id')) return answer(400, { error: 'invalid_request' });
      record.scopes = (field('scope') ?? '').split(' ').filter(Boolean);
      if (field('grant_type') === 'refresh_token') {
        user = refreshOwners.get(field('refresh_token') ?? '') ?? null;
        if (!user) return answer(401, { error: 'invalid_grant', error_description: 'unknown refresh token' });
      } else if (field('grant_type') === 'password') {
        const name = field('username') ?? '';
        if (users[name]?.password === undefined || users[name]!.password !== field('password')) {
          return answer(401, { error: 'invalid_grant', error_description: 'wrong username or password' });
        }
        user = name;
        offline = field('access_type') === 'offline';
      } else {
        return answer(400, { error: 'unsupported_grant_type' });
      }
    } else {
      return answer(405, { error: 'unsupported_method' });
    }

    record.user = user;
    if (user !== null && users[user]!.refuseWith) return answer(users[user]!.refuseWith!, { error: 'access_denied' });
    record.granted = grant(user, record.scopes);
    const token = await mint(user ?? '', record.granted, user !== null && users[user]!.expiredTokens);
    const reply: Record<string, unknown> = { [settings.field ?? 'token']: token };
    if (settings.expiresIn !== null) reply.expires_in = settings.expiresIn ?? DEFAULT_LIFETIME_S;
    if (!settings.omitIssuedAt) reply.issued_at = new Date().toISOString();
    if (offline && user !== null) {
      const refresh = `refresh-${randomBytes(16).toString('hex')}`;
      refreshOwners.set(refresh, user);
      issued.push(refresh);
      reply.refresh_token = refresh;
    }
    answer(200, { ...reply, ...settings.answerFields });
  };

  const server = createServer({ key: cert.keyPem, cert: cert.certPem }, (req, res) => {
    handle(req, res).catch((e: unknown) => {
      res.writeHead(500);
      res.end(String(e));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('token server has no address');
  const realm = `https://127.0.0.1:${address.port}/token`;

  return {
    realm,
    service,
    issuer,
    certFile,
    keyId,
    requests,
    issued,
    registryAuth: () => ({ token: { realm, service, issuer, rootcertbundle: certFile } }),
    configure: (changes) => void Object.assign(settings, changes),
    mint: (subject, access) => mint(subject, access),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function splitScope(scope: string): [type: string, name: string, actions: string[]] {
  const first = scope.indexOf(':');
  const last = scope.lastIndexOf(':');
  return [scope.slice(0, first), scope.slice(first + 1, last), scope.slice(last + 1).split(',')];
}

function parseBasic(header: string | undefined): { user: string; password: string } | null {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
