import { useState, type FormEvent } from 'react';
import { z } from 'zod/mini';
import { acceptHeaderValue, CLIENT_ACCEPT_SETS } from '../../../shared/acceptSets';
import type { NegotiationAnswer, NegotiationRow } from '../../../shared/conversion';
import { formatByMediaType } from '../../../shared/mediaTypes';
import { PROFILE_IDS, PROFILE_NAMES, whySentence, type ProfileAnswer, type ProfileId } from '../../../shared/profiles';
import { useFingerprint, useNegotiate } from '../api/queries';
import { ShortDigest } from '../components/ShortDigest';
import { BusyNotice } from '../components/BusyNotice';
import { ErrorNotice } from '../components/ErrorNotice';
import { differingFields, explainDifference } from '../lib/negotiationExplain';
import { usePersistedState } from '../lib/persisted';
import { MachineTextInput } from '../components/MachineTextInput';

const BUILT_IN = CLIENT_ACCEPT_SETS.map((set) => ({ label: set.label, accept: acceptHeaderValue(set) }));

function labelOf(accept: string): string {
  return BUILT_IN.find((b) => b.accept === accept)?.label ?? 'custom';
}

/** distribution 2.8, which the simulated columns stand for, and the profile the fingerprint names. */
function defaultProfiles(fingerprinted: ProfileId | null): ProfileId[] {
  return PROFILE_IDS.filter((id) => id === 'distribution-2' || id === fingerprinted);
}

/**
 * For each Accept header real clients send (and any the user adds), what the registry answers beside
 * what CNCF distribution 2.8 would answer for the manifest it stores and what each profile picked
 * predicts; differences highlighted, and why the registry answered that in one line.
 */
export function NegotiationView({ reference, active }: { reference: string; active: boolean }) {
  const [method, setMethod] = usePersistedState<'GET' | 'HEAD'>('negotiation.method', z.enum(['GET', 'HEAD']), 'HEAD');
  const [custom, setCustom] = useState<string[]>([]);
  const [draft, setDraft] = useState('');
  const acceptSets = [...BUILT_IN.map((b) => b.accept), ...custom];
  const fingerprint = useFingerprint(reference, active);
  // The rows are asked once the fingerprint has its answers (a new Inspect asks both again): distribution
  // 2.8 now and then answers one of several schema 1 rewrites asked at once with 400, which would count
  // against its own profile.
  const fingerprintDone = !fingerprint.isFetching && (fingerprint.isSuccess || fingerprint.isError);
  const query = useNegotiate(reference, method, acceptSets, active && fingerprintDone);
  const fingerprinted = fingerprint.data?.best ?? null;
  // null: the default, which follows the fingerprint; picking a profile needs no request.
  const [picked, setPicked] = useState<readonly ProfileId[] | null>(null);
  const profiles = picked ?? defaultProfiles(fingerprinted);
  const toggle = (id: ProfileId) => setPicked(PROFILE_IDS.filter((p) => (p === id ? !profiles.includes(p) : profiles.includes(p))));

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
            <MachineTextInput value={draft} onValue={setDraft} placeholder="application/vnd.oci.image.index.v1+json;q=0.9, …" />
          </label>
          <button type="submit" className="small">
            Add row
          </button>
        </form>
        <button type="button" className="small" onClick={() => void query.refetch()} disabled={query.isFetching}>
          Probe again
        </button>
      </div>
      <fieldset className="profile-picker">
        <legend>Compare with profiles</legend>
        {PROFILE_IDS.map((id) => (
          <span key={id} className="check-row">
            <label>
              <input type="checkbox" checked={profiles.includes(id)} onChange={() => toggle(id)} /> {PROFILE_NAMES[id]}
            </label>
            {id === fingerprinted && <span className="badge">fingerprinted</span>}
          </span>
        ))}
        <button type="button" className="link" onClick={() => setPicked(null)} disabled={picked === null}>
          Default
        </button>
      </fieldset>
      <p className={method === 'GET' ? 'notice warn' : 'muted small-text'} role="note">
        {method === 'GET'
          ? 'GET: every row is a manifest GET, and Docker Hub counts each against the pull limit. HEAD is not counted.'
          : 'HEAD: not counted against Docker Hub\u2019s pull limit (the simulation reads the stored manifest by digest, once a session). HEAD answers carry no body, so error codes show for distribution 2.8 only.'}
      </p>
      {query.error ? (
        <ErrorNotice error={query.error} />
      ) : fingerprint.isPending ? (
        <BusyNotice>Fingerprinting the registry (at most 16 HEAD requests) for the default profiles…</BusyNotice>
      ) : !query.data || query.isFetching ? (
        <BusyNotice>Asking the registry with {acceptSets.length} Accept sets…</BusyNotice>
      ) : (
        <>
          <p className="small-text">
            Stored: <strong>{formatByMediaType(query.data.stored.mediaType)?.title ?? query.data.stored.mediaType}</strong>{' '}
            <span className="mono">{query.data.stored.digest}</span>, asked by {query.data.by}.{' '}
            {query.data.rows.filter((r) => !r.agree).length === 0
              ? 'Every answer matches distribution 2.8.'
              : `${query.data.rows.filter((r) => !r.agree).length} of ${query.data.rows.length} answers differ from distribution 2.8.`}{' '}
            {profiles.map((id) => departures(query.data.rows, id)).join(' ')}
          </p>
          <NegotiationTable rows={query.data.rows} method={query.data.method} by={query.data.by} profiles={profiles} />
        </>
      )}
    </section>
  );
}

const answerOf = (row: NegotiationRow, id: ProfileId) => row.profiles.find((a) => a.profile === id)!;

function departures(rows: readonly NegotiationRow[], id: ProfileId): string {
  const departing = rows.filter((row) => answerOf(row, id).verdict === 'disagree').length;
  return departing === 0
    ? `No answer departs from the ${PROFILE_NAMES[id]} profile.`
    : `${departing} of ${rows.length} depart from the ${PROFILE_NAMES[id]} profile.`;
}

interface TableProps {
  rows: NegotiationRow[];
  method: 'GET' | 'HEAD';
  by: 'tag' | 'digest';
  profiles: readonly ProfileId[];
}

function NegotiationTable({ rows, method, by, profiles }: TableProps) {
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
            {profiles.map((id) => (
              <th key={id} scope="col" rowSpan={2} className="profile-column">
                {PROFILE_NAMES[id]}
                <span className="note">profile</span>
              </th>
            ))}
            <th scope="col" rowSpan={2}>
              Why
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
            const answers = profiles.map((id) => answerOf(row, id));
            // A row where the registry answers otherwise than a profile picked predicts stands out too.
            const departs = answers.some((a) => a.verdict === 'disagree');
            return [
              <tr key={`${i}-a`} className={`${row.agree ? 'agrees' : 'disagrees'}${departs ? ' departs' : ''}`}>
                <th scope="row" rowSpan={explanation ? 2 : 1} title={row.accept === '' ? 'no Accept header' : `Accept: ${row.accept}`}>
                  <span className="accept-set">
                    {labelOf(row.accept)} <span className="note mono">{row.accept === '' ? '(no Accept header)' : row.accept}</span>
                  </span>
                </th>
                <AnswerCells answer={row.registry} differs={differs} sizeUnknown={REGISTRY_SIZE_UNKNOWN} />
                <AnswerCells answer={row.simulated} differs={differs} sizeUnknown={SIMULATED_SIZE_UNKNOWN} />
                {answers.map((answer) => (
                  <ProfileCell key={answer.profile} answer={answer} />
                ))}
                <WhyCell text={whySentence(by, row.registry.status, answers)} />
              </tr>,
              explanation && (
                <tr key={`${i}-b`} className="explanation">
                  <td colSpan={11 + profiles.length}>
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

function predictionText(answer: ProfileAnswer): string {
  const p = answer.predicted;
  if (p === 'unknown' || p.status === 'unknown') return 'unknown';
  if (p.status >= 400) return `${p.status}${p.errorCode === 'unknown' || p.errorCode === null ? '' : ` ${p.errorCode}`}`;
  const type =
    p.contentType === 'unknown' || p.contentType === null ? 'a manifest' : (formatByMediaType(p.contentType)?.title ?? p.contentType);
  return `${p.status} ${type}${p.converts === true ? ' (converted)' : p.converts === false ? ' (as stored)' : ''}`;
}

/** One profile's prediction; marked where the registry answered otherwise, its reason and source on hover. */
function ProfileCell({ answer }: { answer: ProfileAnswer }) {
  if (answer.predicted === 'unknown') return <td className="muted">unknown</td>;
  const departs = answer.verdict === 'disagree';
  return (
    <td className={departs ? 'differs' : undefined} title={`${answer.reason ?? ''}. Source: ${answer.source ?? 'none'}`}>
      {predictionText(answer)}
      {departs && <span className="badge bad">departs</span>}
    </td>
  );
}

/** The row's sentence on one line, the whole of it on hover or expanded. */
function WhyCell({ text }: { text: string }) {
  const [open, setOpen] = useState(false);
  return (
    <td className={open ? 'why open' : 'why'}>
      <span className="why-text" title={text}>
        {text}
      </span>{' '}
      <button type="button" className="link" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? 'one line' : 'whole reason'}
      </button>
    </td>
  );
}
