/**
 * A repository's tags, one page at a time: GET /v2/<name>/tags/list?n=<page size>, then whatever query
 * the registry's Link rel="next" names. Registries that ignore `n` (distribution 2.8 among them) answer
 * everything at once and send no Link, which is simply a single page.
 */
import { z } from 'zod';
import type { CapturedExchange } from '../../../shared/exchange';
import type { TagPage } from '../../../shared/image';
import { parseJsonValue, validate } from '../convert/manifestTypes';
import { expectOk, type RegistryClient } from '../registry/client';
import { nextPageQuery } from '../registry/linkHeader';
import { rateLimitOf } from '../registry/rateLimit';
import type { Reference } from '../registry/reference';
import { header } from '../registry/transport';

const TagList = z.looseObject({
  name: z.string(),
  // distribution answers "tags": null for a repository whose tags were all deleted.
  tags: z.array(z.string()).nullable(),
});

export interface TagsOptions {
  pageSize: number;
  /** The previous page's nextCursor. */
  cursor?: string;
  signal?: AbortSignal;
}

export async function listTags(client: RegistryClient, reference: Reference, options: TagsOptions): Promise<TagPage> {
  const exchanges: CapturedExchange[] = [];
  // Re-encoded, so a cursor can only ever be a query string on this repository's tags/list.
  const query = options.cursor
    ? new URLSearchParams(options.cursor).toString()
    : new URLSearchParams({ n: String(options.pageSize) }).toString();
  const response = expectOk(
    await client.tags(reference.repository, query, { signal: options.signal, onExchange: (e) => exchanges.push(e) }),
    `Tags of ${reference.repository}`,
  );
  const list = validate(TagList, parseJsonValue(response.body, 'tag list'), 'tag list');
  return {
    repository: `${reference.registry}/${reference.repository}`,
    tags: list.tags ?? [],
    nextCursor: nextPageQuery(header(response.headers, 'link'), response.url),
    rateLimit: rateLimitOf(response.headers),
    exchanges,
  };
}
