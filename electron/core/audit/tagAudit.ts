/**
 * One tag: a HEAD with every manifest type in Accept, which answers with type and digest on every
 * registry we know; a GET only when it does not (or when --deep must read a list, an index or an OCI
 * manifest). A registry's refusal becomes the tag's row; a failure below HTTP is thrown.
 */
import { MANIFEST_MEDIA_TYPES } from '../../../shared/mediaTypes';
import { type RegistryClient } from '../registry/client';
import { describeRegistryError, parseErrorBody } from '../registry/errorBody';
import { header, type HttpResponse } from '../registry/transport';
import { manifestDigest } from '../sources/source';
import type { RequestBudget } from './budget';
import { classifyBody, flagsOfKind, kindOfMediaType, mediaTypeOf, needsBody } from './classify';
import type { TagRow } from '../../../shared/auditReport';

export interface TagAuditContext {
  client: RegistryClient;
  budget: RequestBudget;
  deep: boolean;
  signal?: AbortSignal;
}

async function manifestRequest(ctx: TagAuditContext, repository: string, reference: string, method: 'GET' | 'HEAD'): Promise<HttpResponse> {
  await ctx.budget.admit();
  return ctx.client.manifest(
    repository,
    reference,
    { method, accept: MANIFEST_MEDIA_TYPES },
    { signal: ctx.signal, onExchange: ctx.budget.observe },
  );
}

const ok = (response: HttpResponse) => response.status >= 200 && response.status < 300;

function refused(repository: string, tag: string, response: HttpResponse): TagRow {
  const answer = describeRegistryError(response.status, response.statusText, parseErrorBody(response.body));
  return {
    repository,
    tag,
    kind: 'unknown',
    mediaType: null,
    digest: null,
    status: response.status,
    flags: [`the registry answered ${answer}`],
  };
}

export async function auditTag(ctx: TagAuditContext, repository: string, tag: string): Promise<TagRow> {
  const head = await manifestRequest(ctx, repository, tag, 'HEAD');
  if (!ok(head)) return refused(repository, tag, head);
  let mediaType = mediaTypeOf(header(head.headers, 'content-type'));
  let digest = header(head.headers, 'docker-content-digest');
  let body: HttpResponse | null = null;
  if (mediaType === null || digest === null) {
    body = await manifestRequest(ctx, repository, tag, 'GET');
    if (!ok(body)) return refused(repository, tag, body);
    mediaType = mediaTypeOf(header(body.headers, 'content-type'));
    digest = header(body.headers, 'docker-content-digest') ?? (mediaType ? manifestDigest(body.body, mediaType) : null);
  }
  const kind = kindOfMediaType(mediaType);
  const row: TagRow = { repository, tag, kind, mediaType, digest, status: (body ?? head).status, flags: flagsOfKind(kind, mediaType) };
  if (!ctx.deep || !needsBody(kind)) return row;
  // By digest, which no registry rewrites, so the body read is the one the HEAD described.
  body ??= await manifestRequest(ctx, repository, digest ?? tag, 'GET');
  if (!ok(body)) return { ...row, flags: [...row.flags, `its body could not be read: ${refused(repository, tag, body).flags.join('')}`] };
  try {
    const verdict = classifyBody(body.body, mediaType);
    return { ...row, kind: verdict.kind, flags: [...row.flags, ...verdict.flags] };
  } catch (e) {
    return { ...row, flags: [...row.flags, `its body is not a valid manifest: ${(e as Error).message}`] };
  }
}
