import { useEffect, type ReactNode } from 'react';
import type { InspectResult } from '../../../shared/api';
import type { ImageDetails } from '../../../shared/image';
import { FORMATS, MediaType } from '../../../shared/mediaTypes';
import { PaneStrip, type StripItem } from '../components/PaneStrip';
import { usePaneChoices, usePaneWeights } from '../lib/layout';
import { PANES, visiblePanes, type PaneId } from '../lib/panes';
import { currentLocation, replaceLocation, type PaneChoices } from '../lib/viewLocation';
import { AsServedPane } from './AsServedPane';
import { FormatPane, type PendingWork } from './FormatPane';

export interface FormatsViewProps {
  reference: string;
  result: InspectResult;
  /** The stored manifest and its layers, once known: decides the default panes and what needs work. */
  image: ImageDetails | undefined;
  /** The registry refused the request (401/403): converting would be refused the same way, so only "As served" shows. */
  signInFirst?: boolean;
  /** Shown under the panes (auth, exchanges). */
  children?: ReactNode;
}

/** A schema 1 image rescued into schema 2 or OCI needs every layer hashed: say how much that is first. */
function pendingWork(image: ImageDetails | undefined, format: PaneId): PendingWork | null {
  if (!image || (format !== 'v2s2' && format !== 'oci')) return null;
  const schema1 = image.manifest.mediaType === MediaType.dockerSchema1Signed || image.manifest.mediaType === MediaType.dockerSchema1;
  if (!schema1) return null;
  return { layers: image.layers.length, bytes: image.totalLayerSize };
}

/** "As served" and every format the image converts to, side by side; the user picks and sizes them. */
export function FormatsView({ reference, result, image, signInFirst = false, children }: FormatsViewProps) {
  const [choices, setChoices] = usePaneChoices(currentLocation().panes);
  const [weights, setWeights] = usePaneWeights();
  // The location carries the choices, so a reload or a shared link shows the same panes.
  const choose = (next: PaneChoices) => {
    setChoices(next);
    replaceLocation({ panes: next });
  };
  useEffect(() => {
    const onPopState = () => {
      const panes = currentLocation().panes;
      if (panes) setChoices(panes);
    };
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, [setChoices]);
  const stored = image?.manifest.mediaType ?? result.contentType;
  const visible = signInFirst ? (['as-served'] as PaneId[]) : visiblePanes(choices, stored);

  const items: StripItem[] = visible.map((id) => {
    if (id === 'as-served') return { id, title: 'As served', node: <AsServedPane result={result} /> };
    const format = FORMATS.find((f) => f.id === id)!;
    return { id, title: format.title, node: <FormatPane format={format} reference={reference} work={pendingWork(image, id)} /> };
  });

  return (
    <div className="formats-view">
      <fieldset className="pane-picker">
        <legend>Panes</legend>
        {PANES.map((p) => (
          <label key={p.id} className="check-row">
            <input type="checkbox" checked={visible.includes(p.id)} onChange={(e) => choose({ ...choices, [p.id]: e.target.checked })} />
            {p.title}
          </label>
        ))}
        <button type="button" className="small" onClick={() => setWeights({})} disabled={Object.keys(weights).length === 0}>
          Equal widths
        </button>
      </fieldset>
      {signInFirst && <p className="muted">The other formats show once the registry lets you in: sign in above.</p>}
      {items.length === 0 ? (
        <p className="muted">No pane selected.</p>
      ) : (
        <PaneStrip items={items} weights={weights} onWeightsChange={setWeights} />
      )}
      {children}
    </div>
  );
}
