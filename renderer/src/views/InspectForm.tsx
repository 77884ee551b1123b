import { useId, useState, type FormEvent, type RefObject } from 'react';
import type { InspectRequest } from '../api/inspectQuery';
import { AcceptPicker } from '../components/AcceptPicker';
import { acceptValues, DEFAULT_ACCEPT_SELECTION } from '../lib/acceptSelection';
import { useAcceptSidebar } from '../lib/layout';
import { MachineTextInput } from '../components/MachineTextInput';

export interface InspectFormProps {
  running: boolean;
  /** The reference field, owned by the view so that other views can fill it (a tag, a list's child). */
  reference: string;
  onReferenceChange: (reference: string) => void;
  /** Offered as suggestions in the reference field, newest first. */
  recent: readonly string[];
  inputRef: RefObject<HTMLInputElement | null>;
  formRef: RefObject<HTMLFormElement | null>;
  onInspect: (request: InspectRequest) => void;
  onCancel: () => void;
  onShowShortcuts: () => void;
}

/** The reference toolbar and the Accept sidebar: one form, so Enter in any field runs Inspect. */
export function InspectForm({
  running,
  reference,
  onReferenceChange,
  recent,
  inputRef,
  formRef,
  onInspect,
  onCancel,
  onShowShortcuts,
}: InspectFormProps) {
  const [accept, setAccept] = useState(DEFAULT_ACCEPT_SELECTION);
  const [headOnly, setHeadOnly] = useState(false);
  const [sidebarShown, setSidebarShown] = useAcceptSidebar();
  const sidebarId = useId();
  const values = acceptValues(accept);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const ref = reference.trim();
    if (ref === '') return;
    onInspect({ reference: ref, accept: values, method: headOnly ? 'HEAD' : 'GET' });
  };

  return (
    <form className="inspect-form" onSubmit={submit} aria-label="Inspect" ref={formRef}>
      <div className="toolbar">
        <MachineTextInput
          ref={inputRef}
          className="reference-input"
          aria-label="Image reference"
          placeholder="registry/repository:tag or @sha256:…"
          value={reference}
          onValue={onReferenceChange}
          autoFocus
        />
        {/* A select, not a datalist: a datalist would make the field a combobox, and it is named a textbox. */}
        <select
          className="recent"
          aria-label="Recent references"
          value=""
          disabled={recent.length === 0}
          onChange={(e) => {
            // Picking one inspects it: a field that says one thing over results of another misleads.
            const picked = e.target.value;
            if (picked) {
              onReferenceChange(picked);
              onInspect({ reference: picked, accept: values, method: headOnly ? 'HEAD' : 'GET' });
            }
            inputRef.current?.focus();
          }}
        >
          <option value="">Recent</option>
          {recent.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="sidebar-toggle"
          aria-expanded={sidebarShown}
          aria-controls={sidebarId}
          title={values.length === 0 ? 'No Accept header' : values.join(', ')}
          onClick={() => setSidebarShown(!sidebarShown)}
        >
          Accept ({values.length})
        </button>
        <label className="check-row head-toggle">
          <input type="checkbox" checked={headOnly} onChange={(e) => setHeadOnly(e.target.checked)} />
          HEAD only
        </label>
        <button type="submit" className="primary" disabled={reference.trim() === ''}>
          Inspect
        </button>
        {running && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
        <button type="button" className="icon" onClick={onShowShortcuts} aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)">
          ?
        </button>
      </div>
      <aside className="sidebar" id={sidebarId} hidden={!sidebarShown}>
        <AcceptPicker value={accept} onChange={setAccept} />
      </aside>
    </form>
  );
}
