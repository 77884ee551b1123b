import { useId, useState } from 'react';
import type { RescueArgs } from '../../../shared/audit';
import { useRescue } from '../api/auditCalls';
import { useModalDialog } from '../lib/useModalDialog';
import { ErrorNotice } from './ErrorNotice';
import { BusyNotice } from './BusyNotice';
import { RescueEntries } from './RescueEntries';

export const RESCUE_TARGETS = [
  { id: 'v2s2', title: 'Docker v2 schema 2' },
  { id: 'oci', title: 'OCI image manifest' },
] as const;

/** The rescue's own rule for a suffix (shared/audit.ts RescueArgs). */
const SUFFIX = /^[\w.-]{1,64}$/;

export interface RescueChoice {
  to: 'v2s2' | 'oci';
  /** Null rescues in place. */
  tagSuffix: string | null;
}

export interface RescueDialogProps {
  /** `registry[/prefix]` of the audit, and `repository:tag` of each image chosen. */
  target: string;
  registry: string;
  images: readonly string[];
  auditId: string;
  onConfirm: (choice: RescueChoice) => void;
  onClose: () => void;
}

/**
 * The confirmation of "Rescue selected": the target format, in place or with a suffix, and by name the
 * tags that will be overwritten (or written); a dry run shows the plan first. Modal: the page behind is
 * inert, Escape and Cancel close it without writing anything (`onClose` is told either way).
 */
export function RescueDialog({ target, registry, images, auditId, onConfirm, onClose }: RescueDialogProps) {
  // Mounted while it is asked for: it opens at once, and a new one starts from the defaults.
  const dialog = useModalDialog(true);
  const titleId = useId();
  const [to, setTo] = useState<RescueChoice['to']>('v2s2');
  const [inPlace, setInPlace] = useState(true);
  const [suffix, setSuffix] = useState('-rescued');
  const plan = useRescue();
  const suffixOk = inPlace || SUFFIX.test(suffix);
  const choice: RescueChoice = { to, tagSuffix: inPlace ? null : suffix };
  const format = RESCUE_TARGETS.find((t) => t.id === to)!.title;
  const args = (dryRun: boolean): RescueArgs => ({ target, images: [...images], auditId, dryRun, ...choice });
  const count = `${images.length} ${images.length === 1 ? 'image' : 'images'}`;
  // A plan made for another choice is not this one's.
  const planned = plan.variables?.to === to && plan.variables.tagSuffix === choice.tagSuffix ? plan : null;
  const close = () => dialog.current?.close();

  return (
    <dialog ref={dialog} className="modal-dialog rescue-dialog" aria-labelledby={titleId} onClose={onClose}>
      <h2 id={titleId}>Rescue {count} from schema 1</h2>
      <fieldset className="choice">
        <legend>Convert to</legend>
        {RESCUE_TARGETS.map((t) => (
          <label key={t.id} className="check-row">
            <input type="radio" name="rescue-to" checked={to === t.id} onChange={() => setTo(t.id)} />
            {t.title}
          </label>
        ))}
      </fieldset>
      <fieldset className="choice">
        <legend>Write to</legend>
        <label className="check-row">
          <input type="radio" name="rescue-where" checked={inPlace} onChange={() => setInPlace(true)} />
          The same tag (overwrite it)
        </label>
        <label className="check-row">
          <input type="radio" name="rescue-where" checked={!inPlace} onChange={() => setInPlace(false)} />A new tag: the tag with a suffix
        </label>
        <label className="check-row">
          Tag suffix
          <input type="text" className="mono" value={suffix} disabled={inPlace} onChange={(e) => setSuffix(e.target.value)} />
        </label>
        {!suffixOk && <p className="status-bad small-text">A suffix is 1 to 64 letters, digits, _, . or -.</p>}
      </fieldset>
      <p>
        {inPlace
          ? `These tags will be overwritten with ${format} (their schema 1 manifests stay in the registry, by digest):`
          : `These new tags will be written as ${format} (the schema 1 tags stay as they are; a tag that exists already is kept):`}
      </p>
      <ul className="rescue-tags mono" aria-label={inPlace ? 'Tags overwritten' : 'Tags written'}>
        {images.map((image) => (
          <li key={image}>
            {registry}/{image}
            {inPlace ? '' : suffix}
          </li>
        ))}
      </ul>
      {planned?.isPending && <BusyNotice>Planning…</BusyNotice>}
      {planned?.error && <ErrorNotice error={planned.error} />}
      {planned?.data && <RescueEntries label="Rescue plan" entries={planned.data.images} />}
      <div className="dialog-buttons">
        <button type="button" disabled={!suffixOk || plan.isPending} onClick={() => plan.mutate(args(true))}>
          Dry run
        </button>
        <button
          type="button"
          className="primary"
          disabled={!suffixOk}
          onClick={() => {
            onConfirm(choice);
            close();
          }}
        >
          Rescue {count}
        </button>
        <button type="button" autoFocus onClick={close}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
