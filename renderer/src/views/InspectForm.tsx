import { useState, type FormEvent } from 'react';
import type { InspectRequest } from '../api/inspectQuery';
import { AcceptPicker } from '../components/AcceptPicker';
import { acceptValues, DEFAULT_ACCEPT_SELECTION } from '../lib/acceptSelection';

export interface InspectFormProps {
  running: boolean;
  onInspect: (request: InspectRequest) => void;
  onCancel: () => void;
}

/** The reference toolbar and the Accept sidebar: one form, so Enter in any field runs Inspect. */
export function InspectForm({ running, onInspect, onCancel }: InspectFormProps) {
  const [reference, setReference] = useState('');
  const [accept, setAccept] = useState(DEFAULT_ACCEPT_SELECTION);
  const [headOnly, setHeadOnly] = useState(false);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const ref = reference.trim();
    if (ref === '') return;
    onInspect({ reference: ref, accept: acceptValues(accept), method: headOnly ? 'HEAD' : 'GET' });
  };

  return (
    <form className="inspect-form" onSubmit={submit} aria-label="Inspect">
      <div className="toolbar">
        <input
          className="reference-input mono"
          type="text"
          aria-label="Image reference"
          placeholder="registry/repository:tag or @sha256:…"
          value={reference}
          onChange={(e) => setReference(e.target.value)}
          spellCheck={false}
          autoComplete="off"
          autoCapitalize="off"
          autoFocus
        />
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
      </div>
      <aside className="sidebar">
        <AcceptPicker value={accept} onChange={setAccept} />
      </aside>
    </form>
  );
}
