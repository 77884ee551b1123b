/**
 * The repositories and tags an audit walks, one page at a time, so that neither list is ever held
 * whole: /v2/_catalog and /v2/<name>/tags/list, each followed through its Link rel="next".
 */
import { z } from 'zod';
import { parseJsonValue, validate } from '../convert/manifestTypes';
import { LensError } from '../errors';
import { expectOk, type RegistryClient } from '../registry/client';
import { nextPageQuery } from '../registry/linkHeader';
import { header } from '../registry/transport';
import { listTags } from '../operations/tags';
import type { RequestBudget } from './budget';

/** Entries asked for per page; registries cap it at their own maximum (distribution: 1000 for the catalog). */
export const PAGE_SIZE = 1000;

const Catalog = z.looseObject({ repositories: z.array(z.string()).nullable() });

export interface WalkContext {
  client: RegistryClient;
  budget: RequestBudget;
  signal?: AbortSignal;
}

/** Whether `repository` is the prefix itself or lies under it (a path prefix, not a string prefix). */
export function underPrefix(repository: string, prefix: string): boolean {
  return prefix === '' || repository === prefix || repository.startsWith(`${prefix}/`);
}

/**
 * Repository names from the catalog, filtered by prefix. A registry that keeps its catalog closed
 * (Docker Hub, GHCR: 401, 403 or 404) still lets a named repository be audited: the prefix itself.
 */
export async function* repositories(ctx: WalkContext, prefix: string): AsyncGenerator<string> {
  let query: string | null = new URLSearchParams({ n: String(PAGE_SIZE) }).toString();
  let first = true;
  while (query !== null) {
    await ctx.budget.admit();
    const response = await ctx.client.send(
      {
        purpose: 'other',
        method: 'GET',
        path: `/v2/_catalog?${query}`,
        headers: [['accept', 'application/json']],
        scopes: ['registry:catalog:*'],
        repository: null,
        maxBodyBytes: 16 * 1024 * 1024,
      },
      { signal: ctx.signal, onExchange: ctx.budget.observe },
    );
    if (first && prefix !== '' && [401, 403, 404].includes(response.status)) {
      yield prefix;
      return;
    }
    first = false;
    expectOk(response, 'The catalog (/v2/_catalog)');
    const page = validate(Catalog, parseJsonValue(response.body, 'catalog'), 'catalog');
    for (const name of page.repositories ?? []) if (underPrefix(name, prefix)) yield name;
    query = nextPageQuery(header(response.headers, 'link'), response.url);
  }
}

/**
 * The tags of one repository, page by page. A registry that refuses one repository's list (a 401/403 for
 * a repository the credentials do not reach, a 404 for one deleted since the catalog page) is told to
 * `onRefused` and ends that repository; failures below HTTP are thrown.
 */
export async function* tagsOf(
  ctx: WalkContext,
  registry: string,
  repository: string,
  onRefused: (error: LensError) => void,
): AsyncGenerator<string> {
  let cursor: string | undefined;
  do {
    await ctx.budget.admit();
    const reference = { registry, repository, tag: null, digest: null };
    let page;
    try {
      page = await listTags(ctx.client, reference, { pageSize: PAGE_SIZE, cursor, signal: ctx.signal });
    } catch (e) {
      if (!(e instanceof LensError) || (e.code !== 'REGISTRY_ERROR' && e.code !== 'AUTH_FAILED')) throw e;
      onRefused(e);
      return;
    }
    page.exchanges.forEach(ctx.budget.observe);
    yield* page.tags;
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
}
