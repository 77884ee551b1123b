import { useQuery } from '@tanstack/react-query';
import type { InspectResult } from '../../../shared/api';
import { formatByMediaType, MANIFEST_MEDIA_TYPES } from '../../../shared/mediaTypes';
import { callCancellable } from '../api/cancellable';
import { inspectQueryKey, type InspectRequest } from '../api/inspectQuery';
import { useTags } from '../api/queries';
import { ShortDigest } from './ShortDigest';

const FIRST_TAGS = 20;

/**
 * What a 404 usually means, found out with two cheap requests: a HEAD with every manifest type accepted
 * (distribution answers 404 for an OCI manifest the Accept left out, so "not found" may be "not
 * asked for"), and the first page of the repository's tags (a mistyped tag).
 */
export function NotFoundHelp({ result }: { result: InspectResult }) {
  const reference = result.reference.input;
  const someTypeLeftOut = !MANIFEST_MEDIA_TYPES.every((t) => result.accept.includes(t));
  const request: InspectRequest = { reference, accept: [...MANIFEST_MEDIA_TYPES], method: 'HEAD' };
  const probe = useQuery({
    queryKey: inspectQueryKey(request),
    queryFn: ({ signal }) => callCancellable('inspect', request, signal),
    enabled: someTypeLeftOut,
  });
  const tags = useTags(result.reference.digest ? null : reference, FIRST_TAGS);
  const found = probe.data && probe.data.response.status < 400 ? probe.data : null;
  const firstPage = tags.data?.pages[0];
  return (
    <section className="block not-found-help" aria-label="Why not found">
      {found && (
        <p className="sentence">
          It exists as <span className="mono">{found.contentType}</span> (
          {formatByMediaType(found.contentType ?? '')?.title ?? 'another type'}
          {found.digestCheck.header && (
            <>
              , <ShortDigest digest={found.digestCheck.header} />
            </>
          )}
          ), which the Accept sent did not include: a registry answers 404 rather than serve a type the client did not ask for.
        </p>
      )}
      {firstPage && (
        <p className="small-text">
          {firstPage.tags.length === 0
            ? `${firstPage.repository} has no tags.`
            : `Tags in ${firstPage.repository}${firstPage.nextCursor ? ` (first ${firstPage.tags.length})` : ''}: `}
          {firstPage.tags.map((tag, i) => (
            <span key={tag}>
              {i > 0 && ', '}
              <code>{tag}</code>
            </span>
          ))}
        </p>
      )}
    </section>
  );
}
