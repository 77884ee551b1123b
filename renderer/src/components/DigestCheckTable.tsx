import { ShortDigest } from './ShortDigest';
import type { DigestCheck } from '../../../shared/exchange';

const VERDICT_TEXT: Record<DigestCheck['verdict'], string> = {
  match: 'Digests agree',
  mismatch: 'Digests disagree',
  unverifiable: 'Nothing to compare',
};

const COMPUTED_FROM: Record<DigestCheck['computedFrom'], string> = {
  bytes: 'sha256 of the bytes received',
  'schema1-payload': 'sha256 of the schema 1 payload without signatures',
  none: 'not computed',
};

interface Row {
  label: string;
  note: string;
  value: string | null;
  /** Whether this value claims to be the manifest's digest, so disagreeing with `computed` is a problem. */
  compared: boolean;
}

function rowsOf(check: DigestCheck): Row[] {
  const rows: Row[] = [{ label: 'Computed', note: COMPUTED_FROM[check.computedFrom], value: check.computed, compared: false }];
  if (check.rawBytes !== null && check.rawBytes !== check.computed) {
    // Signed schema 1: the bytes include the signatures, which the digest leaves out by design.
    rows.push({ label: 'Raw bytes', note: 'sha256 of the bytes with signatures', value: check.rawBytes, compared: false });
  }
  rows.push(
    { label: 'Docker-Content-Digest', note: 'response header', value: check.header, compared: true },
    { label: 'Requested', note: 'digest in the reference', value: check.requested, compared: true },
  );
  return rows;
}

/** The three ways the digest is known, each compared with the computed one, then the verdict. */
export function DigestCheckTable({ check }: { check: DigestCheck }) {
  return (
    <div className={`digest-check verdict-${check.verdict}`}>
      <p className="verdict">
        <span className="verdict-mark" aria-hidden="true">
          {check.verdict === 'match' ? '✓' : check.verdict === 'mismatch' ? '✗' : '–'}
        </span>
        {VERDICT_TEXT[check.verdict]}
      </p>
      <table className="grid" aria-label="Digest check">
        <tbody>
          {rowsOf(check).map((row) => {
            const differs = row.compared && row.value !== null && check.computed !== null && row.value !== check.computed;
            return (
              <tr key={row.label} className={differs ? 'differs' : undefined}>
                <th scope="row">
                  {row.label}
                  <span className="note">{row.note}</span>
                </th>
                <td>
                  {row.value ? <ShortDigest digest={row.value} /> : <span className="muted">not given</span>}
                  {differs && <span className="badge bad">differs</span>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {check.problems.length > 0 && (
        <ul className="problems">
          {check.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
