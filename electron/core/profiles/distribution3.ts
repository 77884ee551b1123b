/**
 * CNCF distribution 3: registry/handlers/manifests.go of v3.0.0. Schema 1 is gone (no rewrite, and a stored
 * schema 1 cannot be read, so what it answers for one is unknown); a list asked by tag without the list type
 * resolves to its linux/amd64 entry, refused as MANIFEST_INVALID when that is schema 2 and schema 2 is not
 * accepted; OCI without its type in Accept is still 404. Accept items are read by Go's mime.ParseMediaType.
 */
import { PROFILE_NAMES } from '../../../shared/profiles';
import { MediaType } from '../../../shared/mediaTypes';
import { ruleProfile, type Rule } from './rules';
import { code, stated } from './types';

const V3 = 'v3.0.0';
const DISTRIBUTION = 'distribution/distribution';
const MANIFESTS_GO = code(DISTRIBUTION, 'registry/handlers/manifests.go', V3);

/** Go's mime token characters: visible ASCII but ()<>@,;:\\"/[]?= . */
const TOKEN = /^[!#$%&'*+\-.0-9A-Z^_`a-z{|}~]+/;
/** unicode.IsSpace, which (unlike String.prototype.trim) leaves U+FEFF alone. */
const SPACE = '[\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const LEADING_SPACE = new RegExp(`^${SPACE}+`);
const TRAILING_SPACE = new RegExp(`${SPACE}+$`);
const trimLeft = (text: string) => text.replace(LEADING_SPACE, '');
const trim = (text: string) => trimLeft(text).replace(TRAILING_SPACE, '');

/** A parameter value: a token, or a quoted string with backslash escapes; null when neither. */
function consumeValue(text: string): string | null {
  const token = TOKEN.exec(text);
  if (token) return text.slice(token[0].length);
  if (!text.startsWith('"')) return null;
  for (let i = 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return text.slice(i + 1);
  }
  return null;
}

/** Whether the parameters after the media type parse: `; name=value` each, names unique, one trailing `;` allowed. */
function parametersParse(text: string): boolean {
  const names = new Set<string>();
  let rest = trimLeft(text);
  while (rest !== '') {
    if (trim(rest) === ';') return true;
    if (!rest.startsWith(';')) return false;
    const name = TOKEN.exec(trimLeft(rest.slice(1)));
    if (!name) return false;
    const afterName = trimLeft(trimLeft(rest.slice(1)).slice(name[0].length));
    if (!afterName.startsWith('=')) return false;
    const afterValue = consumeValue(trimLeft(afterName.slice(1)));
    if (afterValue === null || names.has(name[0].toLowerCase())) return false;
    names.add(name[0].toLowerCase());
    rest = trimLeft(afterValue);
  }
  return true;
}

/**
 * The media types distribution 3 sees, item by item of each comma-split Accept line, as Go's
 * mime.ParseMediaType reads them (manifests.go skips an item it fails on): lower-cased, a token or
 * token/token, then well-formed parameters.
 */
export function goParsedMediaTypes(lines: readonly string[]): Set<string> {
  const types = new Set<string>();
  for (const line of lines) {
    for (const item of line.split(',')) {
      const semicolon = item.indexOf(';');
      const type = trim((semicolon >= 0 ? item.slice(0, semicolon) : item).toLowerCase());
      const [first, ...others] = type.split('/');
      const shape = others.length === 0 ? [first] : others.length === 1 ? [first, others[0]] : null;
      const wellFormed = shape?.every((part) => part !== undefined && TOKEN.exec(part)?.[0] === part) ?? false;
      if (wellFormed && parametersParse(semicolon >= 0 ? item.slice(semicolon) : '')) types.add(type);
    }
  }
  return types;
}

const rules: Rule[] = [
  {
    when: { stored: ['ociManifest'], accept: { lacks: [MediaType.ociManifest] } },
    then: { serve: 'error', status: 404, errorCode: 'MANIFEST_UNKNOWN' },
    why: 'An OCI manifest is never converted: without its type in Accept it is refused as unknown.',
    source: MANIFESTS_GO,
  },
  {
    when: { stored: ['ociIndex'], accept: { lacks: [MediaType.ociIndex] } },
    then: { serve: 'error', status: 404, errorCode: 'MANIFEST_UNKNOWN' },
    why: 'An OCI index is never converted: without its type in Accept it is refused as unknown.',
    source: MANIFESTS_GO,
  },
  {
    when: { stored: ['dockerList'], by: 'tag', child: ['none'], accept: { lacks: [MediaType.dockerList] } },
    then: { serve: 'error', status: 404, errorCode: 'MANIFEST_UNKNOWN' },
    why: 'Asked by tag without the list type, the list has no linux/amd64 entry to serve instead.',
    source: MANIFESTS_GO,
  },
  {
    when: { stored: ['dockerList'], by: 'tag', child: ['schema2'], accept: { lacks: [MediaType.dockerList, MediaType.dockerSchema2] } },
    then: { serve: 'error', status: 400, errorCode: 'MANIFEST_INVALID' },
    why: 'Asked by tag without the list type, its linux/amd64 entry is schema 2, which Accept lacks too, and 3.x no longer rewrites into schema 1.',
    source: MANIFESTS_GO,
  },
  {
    when: { stored: ['dockerList'], by: 'tag', child: ['schema2', 'ociManifest'], accept: { lacks: [MediaType.dockerList] } },
    then: { serve: 'child' },
    why: 'Asked by tag without the list type: its first linux/amd64 entry is served instead.',
    source: MANIFESTS_GO,
  },
  {
    when: { stored: ['schema2', 'dockerList', 'ociManifest', 'ociIndex'], by: 'digest' },
    then: { serve: 'stored' },
    why: 'A request by digest is never rewritten: served as stored.',
    source: MANIFESTS_GO,
  },
  {
    when: { stored: ['schema2', 'dockerList', 'ociManifest', 'ociIndex'] },
    then: { serve: 'stored' },
    why: 'Served as stored: 3.x removed the rewrite into schema 1.',
    source: MANIFESTS_GO,
  },
];

export const distribution3 = ruleProfile({
  id: 'distribution-3',
  name: PROFILE_NAMES['distribution-3'],
  rules,
  acceptedTypes: goParsedMediaTypes,
  facts: stated({
    // Neither v3.0.0 nor v3.1.1 has a referrers route under registry/.
    referrersApi: { value: false, source: code(DISTRIBUTION, 'registry/api/v2/routes.go', V3) },
    referrersHeadStatus: { value: 404, source: code(DISTRIBUTION, 'registry/api/v2/routes.go', V3) },
    tagListPagination: { value: 'n and last, Link header', source: code(DISTRIBUTION, 'registry/handlers/tags.go', V3) },
    apiVersionHeader: { value: 'registry/2.0', source: code(DISTRIBUTION, 'registry/handlers/app.go', V3) },
  }),
});
