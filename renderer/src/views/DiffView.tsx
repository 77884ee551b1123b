import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useId, useMemo, useState, type FormEvent } from 'react';
import { z } from 'zod/mini';
import type { FormatId } from '../../../shared/mediaTypes';
import { callCancellable } from '../api/cancellable';
import { inspectQueryKey, type InspectRequest } from '../api/inspectQuery';
import { useConvert } from '../api/queries';
import { BusyNotice } from '../components/BusyNotice';
import { ErrorNotice } from '../components/ErrorNotice';
import { ShortDigest } from '../components/ShortDigest';
import { DEFAULT_DIFF_OPTIONS, textForDiff, transformsText, type DiffOptions } from '../lib/diffText';
import { summarizeChanges, type DiffSide, type DiffSides } from '../lib/diffSides';
import { decodeBase64Utf8 } from '../lib/format';
import { counterpart, PANES, paneTitle, type PaneId } from '../lib/panes';
import { usePersistedState } from '../lib/persisted';
import type { LineChange } from '../editor/ManifestDiffEditor';
import { MachineTextInput } from '../components/MachineTextInput';

const ManifestDiffEditor = lazy(() => import('../editor/ManifestDiffEditor'));

const DiffOptionsSchema = z.object({ pretty: z.boolean(), sortKeys: z.boolean(), expandV1Compatibility: z.boolean() });
const SUMMARY_LIMIT = 30;

export interface DiffViewProps {
  /** The inspection on screen: its reference is the default of both sides, its Accept set is used for "As served". */
  request: InspectRequest;
  /** The inspection's reference pinned to the digest it answered: what a side of it is fetched by. */
  pinned: string;
  /** The media type "As served" has: a side without a chosen pane shows its counterpart format. */
  servedType: string | null;
  /** False while hidden behind another view: nothing is fetched then. */
  active: boolean;
  sides: DiffSides;
  onSidesChange: (sides: DiffSides) => void;
}

interface SideText {
  text: string | null;
  error: Error | null;
  loading: boolean;
  /** For people: "Docker v2 schema 2 of 127.0.0.1:5000/lens/sample:oci". */
  label: string;
  /** The document's digest: the served one's, or the conversion's. */
  digest: string | null;
}

/** The document on one side: the registry's answer for "As served", else the conversion. */
type ResolvedSide = DiffSide & { pane: PaneId };

function useSideText(side: ResolvedSide, request: InspectRequest, pinned: string, active: boolean): SideText {
  const reference = side.reference ?? request.reference;
  const asServed = side.pane === 'as-served';
  const inspectRequest: InspectRequest = { reference: side.reference ?? pinned, accept: request.accept, method: 'GET' };
  const served = useQuery({
    queryKey: inspectQueryKey(inspectRequest),
    // The inspection's own query shares this key: held back with `enabled`, never by a missing queryFn.
    queryFn: ({ signal }) => callCancellable('inspect', inspectRequest, signal),
    enabled: asServed && active,
  });
  const converted = useConvert(side.reference ?? pinned, asServed ? 'v2s2' : (side.pane as FormatId), !asServed && active);
  const label = `${paneTitle(side.pane)} of ${reference}`;
  // A placeholder is the previous pane's document: not this side's, so not worth diffing.
  const base64 = asServed
    ? served.data?.response.bodyBase64
    : converted.isPlaceholderData
      ? undefined
      : converted.data?.manifest.bytesBase64;
  // Decoded once per document: DiffView renders on every query update, and bodies reach 100 KB.
  const text = useMemo(() => (base64 === undefined ? null : decodeBase64Utf8(base64)), [base64]);
  const query = asServed ? served : converted;
  const digest = asServed
    ? (served.data?.digestCheck.computed ?? served.data?.digestCheck.header ?? null)
    : converted.isPlaceholderData
      ? null
      : (converted.data?.manifest.digest ?? null);
  return { text, error: query.error, loading: query.isFetching, label, digest };
}

/** Any two panes, of this reference or another ("Compare with…"), in Monaco's diff editor. */
export function DiffView({ request, pinned, servedType, active, sides: chosen, onSidesChange }: DiffViewProps) {
  const resolve = (side: DiffSide): ResolvedSide => ({ ...side, pane: side.pane ?? counterpart(servedType) });
  const sides = { left: resolve(chosen.left), right: resolve(chosen.right) };
  const [options, setOptions] = usePersistedState<DiffOptions>('diff.options', DiffOptionsSchema, DEFAULT_DIFF_OPTIONS);
  const [sideBySide, setSideBySide] = usePersistedState<boolean>('diff.sideBySide', z.boolean(), true);
  const [changes, setChanges] = useState<{ original: string; modified: string; list: LineChange[] } | null>(null);
  const left = useSideText(sides.left, request, pinned, active);
  const right = useSideText(sides.right, request, pinned, active);
  // Parsing and re-serializing 100 KB documents is worth doing once per text, not once per render.
  const leftText = useMemo(() => (left.text === null ? null : textForDiff(left.text, options)), [left.text, options]);
  const rightText = useMemo(() => (right.text === null ? null : textForDiff(right.text, options)), [right.text, options]);
  const failed = Boolean(left.error ?? right.error);
  const loading = leftText === null || rightText === null;
  // The diff editor stays mounted while a side reloads (hidden, with the last pair of texts): unmounted,
  // it would dispose models that a computation pending in Monaco's worker still names.
  const [shown, setShown] = useState<{ original: string; modified: string } | null>(null);
  if (leftText !== null && rightText !== null && (shown?.original !== leftText || shown.modified !== rightText)) {
    setShown({ original: leftText, modified: rightText });
  }
  // Monaco also reports on the texts it had before (empty at first): only a report on these counts.
  const current = changes && changes.original === leftText && changes.modified === rightText ? changes.list : null;

  return (
    <section className="pane diff-view" aria-labelledby="diff-title">
      <header className="pane-header">
        <h2 id="diff-title">Diff</h2>
        {transformsText(options) && <span className="muted small-text">reformatted for reading; digests cover the bytes as served</span>}
      </header>
      <div className="diff-controls">
        <SidePicker
          key={`l:${sides.left.reference}`}
          name="Left"
          side={sides.left}
          current={request.reference}
          onChange={(left) => onSidesChange({ ...sides, left })}
        />
        <button
          type="button"
          className="small"
          aria-label="Swap sides"
          title="Swap sides"
          onClick={() => onSidesChange({ left: sides.right, right: sides.left })}
        >
          ⇄
        </button>
        <SidePicker
          key={`r:${sides.right.reference}`}
          name="Right"
          side={sides.right}
          current={request.reference}
          onChange={(right) => onSidesChange({ ...sides, right })}
        />
      </div>
      <div className="diff-options" role="group" aria-label="Diff options">
        <label className="check-row">
          <input type="checkbox" checked={options.pretty} onChange={(e) => setOptions({ ...options, pretty: e.target.checked })} />
          Pretty-print both sides
        </label>
        <label className="check-row">
          <input type="checkbox" checked={options.sortKeys} onChange={(e) => setOptions({ ...options, sortKeys: e.target.checked })} />
          Sort keys
        </label>
        <label className="check-row">
          <input
            type="checkbox"
            checked={options.expandV1Compatibility}
            onChange={(e) => setOptions({ ...options, expandV1Compatibility: e.target.checked })}
          />
          Expand v1Compatibility
        </label>
        <label className="check-row">
          <input type="checkbox" checked={!sideBySide} onChange={(e) => setSideBySide(!e.target.checked)} />
          Inline
        </label>
      </div>
      {failed && (
        <>
          {left.error && <SideError label={left.label} error={left.error} />}
          {right.error && <SideError label={right.label} error={right.error} />}
        </>
      )}
      {!failed && loading && (
        <BusyNotice>
          Loading{' '}
          {[left, right]
            .filter((s) => s.text === null)
            .map((s) => s.label)
            .join(' and ')}
          …
        </BusyNotice>
      )}
      {!failed && !loading && (
        <div className="diff-side-labels">
          <SideLabel side={left} />
          <SideLabel side={right} />
        </div>
      )}
      {shown && (
        <div className="diff-frame" hidden={failed || loading}>
          <Suspense fallback={<p className="muted loading">Loading the diff editor…</p>}>
            <ManifestDiffEditor
              original={shown.original}
              modified={shown.modified}
              originalLabel={left.label}
              modifiedLabel={right.label}
              sideBySide={sideBySide}
              onChanges={(list, original, modified) => setChanges({ original, modified, list })}
            />
          </Suspense>
        </div>
      )}
      {!failed && !loading && <ChangesList original={leftText} modified={rightText} changes={current} />}
    </section>
  );
}

/** What one side of the diff is: format, reference and digest, above its half of the editor. */
function SideLabel({ side }: { side: SideText }) {
  return (
    <p className="diff-side-label small-text">
      <strong>{side.label}</strong> {side.digest && <ShortDigest digest={side.digest} />}
    </p>
  );
}

function SideError({ label, error }: { label: string; error: Error }) {
  return (
    <div className="block">
      <h3>{label}</h3>
      <ErrorNotice error={error} />
    </div>
  );
}

/** One side: which pane, and of which reference (empty: the one being inspected). */
function SidePicker({
  name,
  side,
  current,
  onChange,
}: {
  name: string;
  side: ResolvedSide;
  current: string;
  onChange: (side: DiffSide) => void;
}) {
  const id = useId();
  const [draft, setDraft] = useState(side.reference ?? '');
  const apply = (e: FormEvent) => {
    e.preventDefault();
    const value = draft.trim();
    onChange({ ...side, reference: value === '' || value === current ? null : value });
  };
  return (
    <form className="side-picker" aria-label={`${name} side`} onSubmit={apply}>
      <label htmlFor={`${id}-pane`}>{name}</label>
      <select id={`${id}-pane`} value={side.pane} onChange={(e) => onChange({ ...side, pane: e.target.value as PaneId })}>
        {PANES.map((p) => (
          <option key={p.id} value={p.id}>
            {p.title}
          </option>
        ))}
      </select>
      <MachineTextInput
        aria-label={`${name}: compare with…`}
        placeholder={`Compare with… (default ${current})`}
        value={draft}
        onValue={setDraft}
      />
      <button type="submit" className="small">
        Compare
      </button>
    </form>
  );
}

function ChangesList({ original, modified, changes }: { original: string; modified: string; changes: LineChange[] | null }) {
  if (changes === null) return <p className="muted small-text">Computing differences…</p>;
  const summary = summarizeChanges(original, modified, changes);
  return (
    <section className="block" aria-label="Changes">
      <h3>
        {summary.length === 0 ? 'No differences' : `${summary.length} ${summary.length === 1 ? 'change' : 'changes'}`}
        {summary.length > SUMMARY_LIMIT && ` (the first ${SUMMARY_LIMIT} listed)`}
      </h3>
      {summary.length > 0 && (
        <ol className="changes">
          {summary.slice(0, SUMMARY_LIMIT).map((c, i) => (
            <li key={i}>
              <span className="muted">
                {c.originalLine > 0 ? `line ${c.originalLine}` : 'inserted'}
                {c.modifiedLine > 0 && c.originalLine !== c.modifiedLine ? ` → ${c.modifiedLine}` : ''}
              </span>
              {c.removed.slice(0, 3).map((line, j) => (
                <code key={`r${j}`} className="removed">
                  − {line.trim()}
                </code>
              ))}
              {c.added.slice(0, 3).map((line, j) => (
                <code key={`a${j}`} className="added">
                  + {line.trim()}
                </code>
              ))}
              {(c.removed.length > 3 || c.added.length > 3) && <span className="muted">…</span>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
