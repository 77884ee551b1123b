import { useId, useState } from 'react';
import { useOpenDropped, useOpenSample, useOpenSource } from '../api/exportCalls';
import { useFileDrop } from '../lib/useFileDrop';
import { ErrorNotice } from './ErrorNotice';
import { MachineTextInput } from './MachineTextInput';

/**
 * "Open sample" (the image that ships with the app, so a first run shows everything offline) and
 * "Open…" for an oci:DIR[:TAG] layout, a docker-archive:FILE or a manifest file. Both float over the
 * window below the title bar, errors included, so opening them never changes the title bar's height.
 * A file dropped anywhere on the window opens the same way.
 */
export function OfflineSourceMenu() {
  const sample = useOpenSample();
  const open = useOpenSource();
  const drop = useOpenDropped();
  const dragging = useFileDrop((item) => drop.mutate(item));
  const [text, setText] = useState('');
  const inputId = useId();
  return (
    <div className="offline-menu">
      <button type="button" className="small" disabled={sample.isPending} onClick={() => sample.mutate()}>
        {sample.isPending ? 'Opening…' : 'Open sample'}
      </button>
      <details className="offline-open">
        <summary>Open…</summary>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (text.trim()) open.mutate(text.trim());
          }}
        >
          <label htmlFor={inputId}>Offline source</label>
          <MachineTextInput
            id={inputId}
            placeholder="oci:DIR[:TAG], docker-archive:FILE or a manifest file"
            value={text}
            onValue={setText}
          />
          <button type="submit" className="small" disabled={open.isPending || !text.trim()}>
            Open
          </button>
          {open.error && <ErrorNotice error={open.error} />}
        </form>
      </details>
      {sample.error && (
        <div className="offline-sample-error">
          <ErrorNotice error={sample.error} />
        </div>
      )}
      {dragging && (
        <p className="drop-hint" role="status">
          Drop a manifest file to open it
        </p>
      )}
      {drop.isPending && (
        <p className="drop-hint" role="status">
          Opening the dropped file…
        </p>
      )}
      {drop.error && (
        <div className="offline-sample-error" role="group" aria-label="Dropped file">
          <ErrorNotice error={drop.error} />
          <button type="button" className="small" onClick={() => drop.reset()}>
            Dismiss
          </button>
        </div>
      )}
    </div>
  );
}
