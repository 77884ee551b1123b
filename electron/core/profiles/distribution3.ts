/**
 * CNCF distribution 3: registry/handlers/manifests.go of v3.0.0. Schema 1 is gone (no rewrite, and a stored
 * schema 1 cannot be read, so what it answers for one is unknown); a list asked by tag without the list type
 * resolves to its linux/amd64 entry, refused as MANIFEST_INVALID when that is schema 2 and schema 2 is not
 * accepted; OCI without its type in Accept is still 404. Accept items are read by Go's mime.ParseMediaType.
 */
import { MediaType } from '../../../shared/mediaTypes';
import { ruleProfile, type Rule } from './rules';
import { code, stated } from './types';

const V3 = 'v3.0.0';
const DISTRIBUTION = 'distribution/distribution';
const MANIFESTS_GO = code(DISTRIBUTION, 'registry/handlers/manifests.go', V3);

const TOKEN = "[!#$%&'*+.^_`|~0-9a-z-]+";
const MEDIA_TYPE = new RegExp(`^${TOKEN}/${TOKEN}$`);
const PARAMETER = new RegExp(`^${TOKEN}\\s*=\\s*(?:${TOKEN}|"(?:[^"\\\\]|\\\\.)*")$`);

/**
 * Go's mime.ParseMediaType as manifests.go uses it: each comma-separated item lower-cased and kept only
 * when it parses (type/subtype, then well-formed parameters); an item that fails is skipped.
 */
export function goParsedMediaTypes(lines: readonly string[]): Set<string> {
  const types = new Set<string>();
  for (const line of lines) {
    for (const item of line.split(',')) {
      const [type = '', ...parameters] = item.split(';').map((part) => part.trim().toLowerCase());
      if (MEDIA_TYPE.test(type) && parameters.every((p) => p === '' || PARAMETER.test(p))) types.add(type);
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
  name: 'CNCF distribution 3',
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
