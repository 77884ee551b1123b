import { useEffect, useState } from 'react';
import type { AuditRowsPage } from '../../../shared/audit';
import { isSchema1Kind, TAG_KINDS, TAG_KIND_TITLES, type TagKind, type TagRow } from '../../../shared/auditReport';
import { useAuditRows } from '../api/auditCalls';
import { DataTable } from '../components/DataTable';
import { ErrorNotice } from '../components/ErrorNotice';
import { ShortDigest } from '../components/ShortDigest';

const PAGE_SIZE = 100;
/** The rescue call's bound on images at once. */
export const MAX_SELECTED = 500;
const COLUMNS = ['Rescue', 'Image', 'Type', 'Digest', 'Problems'] as const;

export const imageOf = (row: Pick<TagRow, 'repository' | 'tag'>) => `${row.repository}:${row.tag}`;

export interface AuditResultsProps {
  auditId: string;
  /** Changes whenever the audit may have more rows (a repository finished, a run ended, a rescue). */
  version: string;
  selected: ReadonlySet<string>;
  onSelectedChange: (next: ReadonlySet<string>) => void;
  /** Opens `repository:tag` in the Inspect view. */
  onOpen: (image: string) => void;
  /** Each page as it arrives: its counts and whether the audit is complete, for the view around it. */
  onPage: (page: AuditRowsPage) => void;
}

/** The audit's rows a page at a time, filtered by type and by problems; schema 1 rows can be chosen for a rescue. */
export function AuditResults({ auditId, version, selected, onSelectedChange, onOpen, onPage }: AuditResultsProps) {
  const [kind, setKind] = useState<TagKind | ''>('');
  const [problemsOnly, setProblemsOnly] = useState(false);
  const [offset, setOffset] = useState(0);
  const filter = { ...(kind ? { kind } : {}), problemsOnly, offset, limit: PAGE_SIZE };
  const rows = useAuditRows(auditId, filter, version);
  const page = rows.data;
  useEffect(() => {
    if (page) onPage(page);
  }, [page, onPage]);

  const toggle = (image: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(image);
    else next.delete(image);
    onSelectedChange(next);
  };

  return (
    <section className="pane audit-results" aria-labelledby="audit-results-title">
      <header className="pane-header">
        <h2 id="audit-results-title">Results</h2>
        {page && (
          <span className="muted">
            {page.total} {page.total === 1 ? 'tag' : 'tags'}
            {page.complete ? '' : ' so far'}, {page.problems} with problems
          </span>
        )}
      </header>
      <div className="inline-form audit-filters">
        <label className="check-row">
          Type
          <select
            value={kind}
            onChange={(e) => {
              setKind(e.target.value as TagKind | '');
              setOffset(0);
            }}
          >
            <option value="">All types{page ? ` (${page.total})` : ''}</option>
            {TAG_KINDS.map((k) => (
              <option key={k} value={k}>
                {TAG_KIND_TITLES[k]}
                {page ? ` (${page.byKind[k] ?? 0})` : ''}
              </option>
            ))}
          </select>
        </label>
        <label className="check-row">
          <input
            type="checkbox"
            checked={problemsOnly}
            onChange={(e) => {
              setProblemsOnly(e.target.checked);
              setOffset(0);
            }}
          />
          Problems only
        </label>
      </div>
      {rows.error && <ErrorNotice error={rows.error} />}
      {page && (
        <>
          <DataTable label="Audit results" columns={COLUMNS}>
            {page.rows.map((row) => (
              <ResultRow
                key={imageOf(row)}
                row={row}
                checked={selected.has(imageOf(row))}
                full={selected.size >= MAX_SELECTED}
                onToggle={toggle}
                onOpen={onOpen}
              />
            ))}
          </DataTable>
          {page.matching === 0 && <p className="muted">{page.total === 0 ? 'No tags yet.' : 'No tags match the filter.'}</p>}
          <div className="inline-form">
            <button type="button" className="small" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>
              Previous page
            </button>
            <span className="muted small-text" role="status">
              {page.matching === 0 ? 'No rows' : `Rows ${offset + 1}–${offset + page.rows.length} of ${page.matching}`}
            </span>
            <button
              type="button"
              className="small"
              disabled={offset + PAGE_SIZE >= page.matching}
              onClick={() => setOffset(offset + PAGE_SIZE)}
            >
              Next page
            </button>
          </div>
        </>
      )}
    </section>
  );
}

interface ResultRowProps {
  row: TagRow;
  checked: boolean;
  /** The selection is at its bound: only unchecking is offered. */
  full: boolean;
  onToggle: (image: string, on: boolean) => void;
  onOpen: (image: string) => void;
}

function ResultRow({ row, checked, full, onToggle, onOpen }: ResultRowProps) {
  const image = imageOf(row);
  const listed = row.tag !== '';
  return (
    <tr>
      <td>
        {isSchema1Kind(row.kind) && (
          <input
            type="checkbox"
            aria-label={`Select ${image}`}
            checked={checked}
            disabled={full && !checked}
            onChange={(e) => onToggle(image, e.target.checked)}
          />
        )}
      </td>
      <th scope="row" className="mono">
        {listed ? (
          <button type="button" className="link" title="Open in Inspect" onClick={() => onOpen(image)}>
            {image}
          </button>
        ) : (
          row.repository
        )}
      </th>
      <td title={row.mediaType ?? undefined}>{TAG_KIND_TITLES[row.kind]}</td>
      <td>{row.digest ? <ShortDigest digest={row.digest} /> : '—'}</td>
      <td className={row.flags.length > 0 ? 'status-bad wrap' : 'wrap'}>{row.flags.join('; ')}</td>
    </tr>
  );
}
