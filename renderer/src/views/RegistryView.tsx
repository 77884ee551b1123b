import type { ReactNode } from 'react';
import type { FingerprintResult, ProfileId, Verdict } from '../../../shared/profiles';
import { PROFILE_IDS, PROFILE_NAMES } from '../../../shared/profiles';
import { useFingerprint } from '../api/queries';
import { BusyNotice } from '../components/BusyNotice';
import { ErrorNotice } from '../components/ErrorNotice';

/**
 * Which implementation the registry is: the fingerprint's verdict and ranking, each probe it sent with
 * the answer and the profiles that agree, and the behaviours on which the likely candidates part. Asked
 * only while the view is shown (at most 16 HEAD requests, nothing written).
 */
export function RegistryView({ reference, active }: { reference: string; active: boolean }) {
  const fingerprint = useFingerprint(reference, active);
  return (
    <div className="registry-view">
      <section className="pane" aria-labelledby="fingerprint-title">
        <header className="pane-header">
          <h2 id="fingerprint-title">Fingerprint</h2>
          <span className="mono muted">{reference}</span>
          <button type="button" className="small" onClick={() => void fingerprint.refetch()} disabled={fingerprint.isFetching}>
            Probe again
          </button>
        </header>
        {fingerprint.error ? (
          <ErrorNotice error={fingerprint.error} />
        ) : !fingerprint.data || fingerprint.isFetching ? (
          <BusyNotice>Probing the registry (at most 16 HEAD requests, nothing written)…</BusyNotice>
        ) : (
          <FingerprintVerdict result={fingerprint.data} />
        )}
      </section>
      {fingerprint.data && !fingerprint.isFetching && (
        <>
          <Evidence result={fingerprint.data} />
          <ProfileTable result={fingerprint.data} />
        </>
      )}
    </div>
  );
}

function FingerprintVerdict({ result }: { result: FingerprintResult }) {
  return (
    <>
      <p>
        Best match: <strong>{result.best ? PROFILE_NAMES[result.best] : 'undecided'}</strong>
      </p>
      <p className="sentence" role="status">
        {result.verdict}
      </p>
      <p className="muted small-text">
        Requests to the registry: {result.requests.HEAD} HEAD, {result.requests.GET} GET.
      </p>
      <HeadedTable label="Profile ranking" columns={['Profile', 'Answers predicted and matched', 'Answers predicted']}>
        {result.ranking.map((score) => (
          <tr key={score.profile} className={score.profile === result.best ? 'best' : undefined}>
            <th scope="row">{PROFILE_NAMES[score.profile]}</th>
            <td className="num">{score.agree}</td>
            <td className="num">{score.total}</td>
          </tr>
        ))}
      </HeadedTable>
    </>
  );
}

const withVerdict = (verdicts: Record<ProfileId, Verdict>, verdict: Verdict) =>
  PROFILE_IDS.filter((id) => verdicts[id] === verdict).map((id) => PROFILE_NAMES[id]);

function Evidence({ result }: { result: FingerprintResult }) {
  return (
    <section className="pane" aria-labelledby="evidence-title">
      <header className="pane-header">
        <h2 id="evidence-title">Evidence</h2>
        <span className="muted">{result.evidence.length} observations</span>
      </header>
      <HeadedTable
        label="Evidence"
        className="evidence-table"
        columns={['Request', 'Answer', 'Profiles that agree', 'Profiles that disagree']}
      >
        {result.evidence.map((row) => {
          const [agree, disagree] = [withVerdict(row.verdicts, 'agree'), withVerdict(row.verdicts, 'disagree')];
          return (
            <tr key={row.label}>
              <th scope="row">{row.label}</th>
              <td className="mono small-text">{row.observed}</td>
              <td>{agree.length > 0 ? agree.join(', ') : <span className="muted">none</span>}</td>
              <td>{disagree.length > 0 ? disagree.join(', ') : <span className="muted">none</span>}</td>
            </tr>
          );
        })}
      </HeadedTable>
    </section>
  );
}

function ProfileTable({ result }: { result: FingerprintResult }) {
  const { candidates, rows } = result.comparison;
  return (
    <section className="pane" aria-labelledby="profile-table-title">
      <header className="pane-header">
        <h2 id="profile-table-title">Where the likely candidates differ</h2>
        <span className="muted">{candidates.map((id) => PROFILE_NAMES[id]).join(', ')}</span>
      </header>
      {rows.length === 0 ? (
        <p className="muted">The candidates state the same for every behaviour compared.</p>
      ) : (
        <HeadedTable
          label="Profile differences"
          className="profile-table"
          columns={['Behaviour', ...candidates.map((id) => PROFILE_NAMES[id])]}
        >
          {rows.map((row) => (
            <tr key={row.behaviour}>
              <th scope="row">{row.behaviour}</th>
              {row.values.map((value, i) => (
                <td
                  key={candidates[i]}
                  className={value.text === 'unknown' ? 'muted' : 'mono small-text'}
                  title={value.source ? `Source: ${value.source}` : 'No source states it'}
                >
                  {value.text}
                </td>
              ))}
            </tr>
          ))}
        </HeadedTable>
      )}
    </section>
  );
}

/** A scrolling table with one row of column headings. */
function HeadedTable({
  label,
  className,
  columns,
  children,
}: {
  label: string;
  className?: string;
  columns: readonly string[];
  children: ReactNode;
}) {
  return (
    <div className="table-scroll">
      <table className={className ? `grid ${className}` : 'grid'} aria-label={label}>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
