import { useState } from 'react';
import type { ReferrersResult } from '../../../shared/image';
import { useReferrers, useTags } from '../api/queries';
import { BreakableText } from '../components/BreakableText';
import { BusyNotice } from '../components/BusyNotice';
import { DigestCell, MediaTypeCell, SizeAndAnnotationsCells } from '../components/DescriptorCells';
import { ErrorNotice } from '../components/ErrorNotice';
import { RateLimitNote } from '../components/RateLimitNote';
import { DataTable } from '../components/DataTable';
import { FilterField } from '../components/FilterField';

const TAG_PAGE_SIZE = 100;

export interface RepositoryViewProps {
  reference: string;
  /** The repository without tag or digest, e.g. 127.0.0.1:5000/lens/sample. */
  repository: string;
  /** False while hidden behind another view: nothing is fetched then. */
  active: boolean;
  onInspect: (reference: string) => void;
  onCompare: (reference: string) => void;
}

/** The repository around the image: its tags, page by page, and what refers to this manifest. */
export function RepositoryView(props: RepositoryViewProps) {
  return (
    <div className="repository-view">
      <TagsSection {...props} />
      <ReferrersSection
        reference={props.reference}
        active={props.active}
        onOpen={(digest) => props.onInspect(`${props.repository}@${digest}`)}
      />
    </div>
  );
}

function TagsSection({ reference, repository, active, onInspect, onCompare }: RepositoryViewProps) {
  const tags = useTags(active ? reference : null, TAG_PAGE_SIZE);
  const [filter, setFilter] = useState('');
  const all = tags.data?.pages.flatMap((p) => p.tags) ?? [];
  const shown = filter ? all.filter((t) => t.includes(filter)) : all;
  const lastPage = tags.data?.pages.at(-1);
  return (
    <section className="pane" aria-labelledby="tags-title">
      <header className="pane-header">
        <h2 id="tags-title">Tags</h2>
        <span className="mono muted">{repository}</span>
        {tags.data && (
          <span className="muted">
            {all.length} loaded
            {tags.hasNextPage ? ', more on the registry' : ''}
          </span>
        )}
      </header>
      {lastPage && <RateLimitNote rateLimit={lastPage.rateLimit} />}
      {tags.error ? (
        <ErrorNotice error={tags.error} />
      ) : !tags.data ? (
        <BusyNotice>Listing tags…</BusyNotice>
      ) : (
        <>
          <FilterField label="Filter tags" value={filter} onChange={setFilter} />
          <div className="table-scroll tags-scroll">
            <table className="grid" aria-label="Tags">
              <tbody>
                {shown.map((tag) => (
                  <tr key={tag}>
                    <th scope="row" className="mono">
                      {tag}
                    </th>
                    <td className="actions">
                      <button
                        type="button"
                        className="small"
                        aria-label={`Inspect ${tag}`}
                        onClick={() => onInspect(`${repository}:${tag}`)}
                      >
                        Inspect
                      </button>
                      <button
                        type="button"
                        className="small"
                        aria-label={`Compare with ${tag}`}
                        onClick={() => onCompare(`${repository}:${tag}`)}
                      >
                        Compare
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {tags.hasNextPage && (
            <button type="button" onClick={() => void tags.fetchNextPage()} disabled={tags.isFetchingNextPage}>
              {tags.isFetchingNextPage ? 'Loading…' : `Next ${TAG_PAGE_SIZE} tags`}
            </button>
          )}
        </>
      )}
    </section>
  );
}

interface ReferrersSectionProps {
  reference: string;
  active: boolean;
  /** Opens a referrer by its digest in this repository. */
  onOpen: (digest: string) => void;
}

function ReferrersSection({ reference, active, onOpen }: ReferrersSectionProps) {
  const query = useReferrers(active ? reference : null);
  return (
    <section className="pane" aria-labelledby="referrers-title">
      <header className="pane-header">
        <h2 id="referrers-title">Referrers</h2>
        {query.data && <span className="mono muted small-text">of {query.data.subject}</span>}
      </header>
      {query.error ? (
        <ErrorNotice error={query.error} />
      ) : !query.data ? (
        <BusyNotice>Looking for referrers…</BusyNotice>
      ) : (
        <ReferrersTable result={query.data} onOpen={onOpen} />
      )}
    </section>
  );
}

function ReferrersTable({ result, onOpen }: { result: ReferrersResult; onOpen: (digest: string) => void }) {
  return (
    <>
      <p className="small-text">{result.explanation}</p>
      {result.referrers.length > 0 && (
        <DataTable label="Referrers" columns={['Artifact type', 'Digest', 'Media type', { title: 'Size', numeric: true }, 'Annotations']}>
          {result.referrers.map((r) => (
            <tr key={r.digest}>
              <td className="mono small-text">{r.artifactType ? <BreakableText text={r.artifactType} /> : '—'}</td>
              <DigestCell digest={r.digest} onOpen={() => onOpen(r.digest)} />
              <MediaTypeCell mediaType={r.mediaType} />
              <SizeAndAnnotationsCells size={r.size} annotations={r.annotations} />
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}
