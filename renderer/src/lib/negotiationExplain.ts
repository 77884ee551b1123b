/** One line on why the registry's answer and distribution 2.8's differ, for the negotiation matrix. */
import type { NegotiationAnswer, NegotiationRow } from '../../../shared/conversion';
import { formatByMediaType, MediaType } from '../../../shared/mediaTypes';

function typeName(contentType: string | null): string {
  const type = contentType?.split(';')[0]?.trim() ?? null;
  if (type === null) return 'no content type';
  return formatByMediaType(type)?.title ?? type;
}

function isSchema1(answer: NegotiationAnswer): boolean {
  const type = answer.contentType?.split(';')[0]?.trim();
  return type === MediaType.dockerSchema1Signed || type === MediaType.dockerSchema1;
}

const ok = (a: NegotiationAnswer) => a.status >= 200 && a.status < 300;

/** Which columns differ, for highlighting. */
export function differingFields(row: NegotiationRow, method: 'GET' | 'HEAD'): Set<'status' | 'contentType' | 'digest' | 'errorCode'> {
  const fields = new Set<'status' | 'contentType' | 'digest' | 'errorCode'>();
  const { registry: r, simulated: s } = row;
  if (r.status !== s.status) fields.add('status');
  if (r.contentType !== s.contentType) fields.add('contentType');
  if (r.digest !== s.digest) fields.add('digest');
  // HEAD answers have no body, so the registry's error code is unknown rather than different.
  if (method === 'GET' && r.errorCode !== s.errorCode) fields.add('errorCode');
  return fields;
}

export function explainDifference(row: NegotiationRow, method: 'GET' | 'HEAD'): string | null {
  if (row.agree) return null;
  const { registry: r, simulated: s } = row;
  const code = (a: NegotiationAnswer) => (a.errorCode ? ` ${a.errorCode}` : '');
  if (r.status === 401 || r.status === 403)
    return `The registry refused the request (${r.status}): nothing to compare until it lets us read the manifest.`;
  if (ok(s) && isSchema1(s)) {
    if (!ok(r))
      return `This registry refused the schema 2 → schema 1 downgrade that the v2.2 specification describes and distribution 2.8 performs (${r.status}${code(r)}).`;
    if (!isSchema1(r))
      return `This registry ignored the Accept header and served ${typeName(r.contentType)} where distribution 2.8 rewrites into signed schema 1.`;
    return 'Both rewrite into signed schema 1, but into different documents (name, tag or history written differently), so the digests differ.';
  }
  if (!ok(s) && ok(r))
    return `This registry served ${typeName(r.contentType)} although distribution 2.8 answers ${s.status}${code(s)} to this Accept header.`;
  if (ok(s) && !ok(r)) return `This registry answered ${r.status}${code(r)} where distribution 2.8 serves ${typeName(s.contentType)}.`;
  if (ok(s) && ok(r) && typeName(r.contentType) !== typeName(s.contentType)) {
    return `This registry chose ${typeName(r.contentType)} where distribution 2.8 serves ${typeName(s.contentType)}.`;
  }
  if (ok(s) && ok(r) && r.digest !== s.digest)
    return 'Same format, different digest: the registry served other bytes than distribution 2.8 would.';
  if (method === 'GET' && r.errorCode !== s.errorCode)
    return `Both fail, with different error codes:${code(r) || ' none'} here,${code(s) || ' none'} from distribution 2.8.`;
  return `The registry answered ${r.status} ${typeName(r.contentType)}; distribution 2.8 would answer ${s.status} ${typeName(s.contentType)}.`;
}
