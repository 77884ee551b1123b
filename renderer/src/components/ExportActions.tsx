import { useState } from 'react';
import { useBundle, useExportAll } from '../api/exportCalls';
import { PushForm } from './PushForm';
import { SaveOutcome } from './SaveOutcome';

/** "Export all formats", "Save support bundle" and "Push…" for one source. */
export function ExportActions({ source, platform }: { source: string; platform?: string }) {
  const exportAll = useExportAll();
  const bundle = useBundle();
  const [pushing, setPushing] = useState(false);
  const exported = exportAll.data ? `Saved ${exportAll.data.files.length} files to ${exportAll.data.dir}.` : null;
  const bundled = bundle.data ? `Support bundle saved to ${bundle.data.path} (${bundle.data.entries.length} files).` : null;
  return (
    <section className="export-actions" aria-label="Export">
      <div className="export-buttons">
        <button type="button" disabled={exportAll.isPending} onClick={() => exportAll.mutate({ source, platform })}>
          {exportAll.isPending ? 'Exporting…' : 'Export all formats'}
        </button>
        <button type="button" disabled={bundle.isPending} onClick={() => bundle.mutate({ source, platform })}>
          {bundle.isPending ? 'Gathering…' : 'Save support bundle'}
        </button>
        <button type="button" aria-expanded={pushing} onClick={() => setPushing((p) => !p)}>
          Push…
        </button>
      </div>
      <SaveOutcome saved={exported} error={exportAll.error} />
      <SaveOutcome saved={bundled} error={bundle.error} />
      {pushing && <PushForm source={source} platform={platform} />}
    </section>
  );
}
