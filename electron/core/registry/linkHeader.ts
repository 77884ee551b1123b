/**
 * RFC 8288 Link headers, as registries use them to paginate tags/list and _catalog:
 * `</v2/app/tags/list?last=b&n=2>; rel="next"`. Only what pagination needs: each link's target and rel.
 */

export interface Link {
  target: string;
  rels: string[];
}

/** Every link in the header value; malformed parts are skipped, never guessed at. */
export function parseLinkHeader(value: string | null): Link[] {
  if (!value) return [];
  const links: Link[] = [];
  // A target is in <...> and holds no '>', so a scan from one '<' to the next '>' is unambiguous.
  const linkPattern = /<([^>]*)>((?:\s*;\s*[^;,]+)*)/g;
  for (const match of value.matchAll(linkPattern)) {
    const [, target = '', params = ''] = match;
    const rels: string[] = [];
    for (const param of params.split(';')) {
      const eq = param.indexOf('=');
      if (eq < 0 || param.slice(0, eq).trim().toLowerCase() !== 'rel') continue;
      const raw = param
        .slice(eq + 1)
        .trim()
        .replace(/^"(.*)"$/, '$1');
      rels.push(
        ...raw
          .split(/\s+/)
          .filter(Boolean)
          .map((r) => r.toLowerCase()),
      );
    }
    links.push({ target, rels });
  }
  return links;
}

/**
 * The query of the rel="next" link, relative to the page it came from: what a client passes back to ask
 * for the next page. Null when there is none, or when it points at another host (a registry's own
 * pagination never does, and following it would send our credentials elsewhere).
 */
export function nextPageQuery(value: string | null, pageUrl: string): string | null {
  const next = parseLinkHeader(value).find((l) => l.rels.includes('next'));
  if (!next) return null;
  let url: URL;
  try {
    url = new URL(next.target, pageUrl);
  } catch {
    return null;
  }
  const base = new URL(pageUrl);
  if (url.origin !== base.origin || url.pathname !== base.pathname) return null;
  return url.search.replace(/^\?/, '') || null;
}
