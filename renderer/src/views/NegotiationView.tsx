import { useState, type FormEvent } from 'react';
import { z } from 'zod/mini';
import { acceptHeaderValue, CLIENT_ACCEPT_SETS } from '../../../shared/acceptSets';
import type { NegotiationAnswer, NegotiationRow } from '../../../shared/conversion';
import { formatByMediaType } from '../../../shared/mediaTypes';
import { useNegotiate } from '../api/queries';
import { BreakableText } from '../components/BreakableText';
import { ShortDigest } from '../components/ShortDigest';
import { BusyNotice } from '../components/BusyNotice';
import { ErrorNotice } from '../components/ErrorNotice';
import { differingFields, explainDifference } from '../lib/negotiationExplain';
import { usePersistedState } from '../lib/persisted';

const BUILT_IN = CLIENT_ACCEPT_SETS.map((set) => ({ label: set.label, accept: acceptHeaderValue(set) }));

function labelOf(accept: string): string {
  return BUILT_IN.find((b) => b.accept === accept)?.label ?? 'custom';
}

/**
 * For each Accept header real clients send (and any the user adds), what the registry answers beside
 * what CNCF distribution 2.8 would answer for the manifest it stores; differences highlighted and
 * explained in one line.
 */
export function NegotiationView({ reference, active }: { reference: string; active: boolean }) {
  const [method, setMethod] = usePersistedState<'GET' | 'HEAD'>('negotiation.method', z.enum(['GET', 'HEAD']), 'HEAD');
  const [custom, setCustom] = useState<string[]>([]);
  const [draft, setDraft] = useState('');
  const acceptSets = [...BUILT_IN.map((b) => b.accept), ...custom];
  const query = useNegotiate(reference, method, acceptSets, active);

  const addCustom = (e: FormEvent) => {
    e.preventDefault();
    const value = draft.trim();
    if (!acceptSets.includes(value)) setCustom([...custom, value]);
    setDraft('');
  };

  return (
    <section className="pane negotiation" aria-labelledby="negotiation-title">
      <header className="pane-header">
        <h2 id="negotiation-title">Accept negotiation</h2>
        <span className="mono muted">{reference}</span>
      </header>
      <div className="negotiation-controls">
        <fieldset className="segmented">
          <legend>Request</legend>
          <label className="check-row">
            <input type="radio" name="negotiation-method" checked={method === 'HEAD'} onChange={() => setMethod('HEAD')} />
            HEAD
          </label>
          <label className="check-row">
            <input type="radio" name="negotiation-method" checked={method === 'GET'} onChange={() => setMethod('GET')} />
            GET
          </label>
        </fieldset>
        <form className="inline-form" onSubmit={addCustom}>
          <label>
            Custom Accept set{' '}
            <input
              type="text"
              className="mono"
              value={draft}
              onChange={(e) => setDraft(e.target.value)}
              placeholder="application/vnd.oci.image.index.v1+json;q=0.9, …"
              spellCheck={false}
              autoComplete="off"
            />
          </label>
          <button type="submit" className="small">
            Add row
          </button>
        </form>
        <button type="button" className="small" onClick={() => void query.refetch()} disabled={query.isFetching}>
          Probe again
        </button>
      </div>
      <p className={method === 'GET' ? 'notice warn' : 'muted small-text'} role="note">
        {method === 'GET'
          ? 'GET: every row is a manifest GET, and Docker Hub counts each against the pull limit. HEAD is not counted.'
          : 'HEAD: not counted against Docker Hub\u2019s pull limit (the simulation reads the stored manifest by digest, once a session). HEAD answers carry no body, so error codes show for distribution 2.8 only.'}
      </p>
      {query.error ? (
        <ErrorNotice error={query.error} />
      ) : !query.data || query.isFetching ? (
        <BusyNotice>Asking the registry with {acceptSets.length} Accept sets…</BusyNotice>
      ) : (
        <>
          <p className="small-text">
            Stored: <strong>{formatByMediaType(query.data.stored.mediaType)?.title ?? query.data.stored.mediaType}</strong>{' '}
            <span className="mono">{query.data.stored.digest}</span>, asked by {query.data.by}.{' '}
            {query.data.rows.filter((r) => !r.agree).length === 0
              ? 'Every answer matches distribution 2.8.'
              : `${query.data.rows.filter((r) => !r.agree).length} of ${query.data.rows.length} answers differ from distribution 2.8.`}
          </p>
          <NegotiationTable rows={query.data.rows} method={query.data.method} />
        </>
      )}
    </section>
  );
}

function NegotiationTable({ rows, method }: { rows: NegotiationRow[]; method: 'GET' | 'HEAD' }) {
  return (
    <div className="table-scroll">
      <table className="grid negotiation-table" aria-label="Accept negotiation">
        <thead>
          <tr>
            <th scope="col" rowSpan={2}>
              Accept set
            </th>
            <th scope="colgroup" colSpan={5}>
              This registry
            </th>
            <th scope="colgroup" colSpan={5}>
              distribution 2.8 (simulated)
            </th>
          </tr>
          <tr>
            {['registry', 'simulated'].flatMap((side) =>
              ['Status', 'Content type', 'Digest', 'Size', 'Error'].map((c) => (
                <th key={`${side}-${c}`} scope="col">
                  {c}
                </th>
              )),
            )}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => {
            const differs = differingFields(row, method);
            const explanation = explainDifference(row, method);
            return [
              <tr key={`${i}-a`} className={row.agree ? 'agrees' : 'disagrees'}>
                <th scope="row" rowSpan={explanation ? 2 : 1}>
                  {labelOf(row.accept)}
                  <span className="note mono">{row.accept === '' ? '(no Accept header)' : <BreakableText text={row.accept} />}</span>
                </th>
                <AnswerCells answer={row.registry} differs={differs} sizeUnknown={REGISTRY_SIZE_UNKNOWN} />
                <AnswerCells answer={row.simulated} differs={differs} sizeUnknown={SIMULATED_SIZE_UNKNOWN} />
              </tr>,
              explanation && (
                <tr key={`${i}-b`} className="explanation">
                  <td colSpan={10}>
                    <span className="badge bad">differs</span> {explanation}
                  </td>
                </tr>
              ),
            ];
          })}
        </tbody>
      </table>
    </div>
  );
}

const REGISTRY_SIZE_UNKNOWN = 'The registry sent no body and no Content-Length.';
const SIMULATED_SIZE_UNKNOWN = 'The simulation could not compute the body distribution 2.8 would send (its steps say why).';

function AnswerCells({ answer, differs, sizeUnknown }: { answer: NegotiationAnswer; differs: Set<string>; sizeUnknown: string }) {
  const cls = (field: string) => (differs.has(field) ? 'differs' : undefined);
  const type = answer.contentType?.split(';')[0]?.trim() ?? null;
  return (
    <>
      <td className={cls('status')}>{answer.status}</td>
      <td className={cls('contentType')}>
        {type ? (
          <span className="one-line" title={type}>
            <span className="format-name">{formatByMediaType(type)?.title ?? 'other'}</span>{' '}
            <span className="mono small-text muted">{type}</span>
          </span>
        ) : (
          '—'
        )}
      </td>
      <td className={`small-text ${cls('digest') ?? ''}`}>{answer.digest ? <ShortDigest digest={answer.digest} /> : '—'}</td>
      <td className="num">
        {answer.size === undefined || answer.size === null ? (
          <span title={sizeUnknown}>—</span>
        ) : (
          `${answer.size.toLocaleString('en-US')} B`
        )}
      </td>
      <td className={`mono small-text ${cls('errorCode') ?? ''}`}>{answer.errorCode ?? '—'}</td>
    </>
  );
}
