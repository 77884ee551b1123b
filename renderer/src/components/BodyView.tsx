import { lazy, Suspense, useId, useMemo, useState } from 'react';
import { editorHeight } from '../editor/editorHeight';
import { decodeBase64Utf8, isJsonBody, prettyJson } from '../lib/format';

// Monaco is most of the app's weight: it loads on first use, so the window appears at once.
const ManifestEditor = lazy(() => import('../editor/ManifestEditor'));

/**
 * The body exactly as served, or on request pretty-printed: compact JSON is one long line, and the
 * pretty view is marked as a view because digests cover the bytes as served, never the reformatted text.
 */
export function BodyView({ bodyBase64, contentType }: { bodyBase64: string; contentType: string | null }) {
  const titleId = useId();
  const [pretty, setPretty] = useState(false);
  // Decoded and classified once per body: a 500-entry index is 100 KB to decode on every render.
  const served = useMemo(() => decodeBase64Utf8(bodyBase64), [bodyBase64]);
  const json = useMemo(() => isJsonBody(contentType, served), [contentType, served]);
  const formatted = useMemo(() => (pretty && json ? prettyJson(served) : null), [pretty, json, served]);
  const text = formatted ?? served;
  return (
    <div className="body-view" role="group" aria-labelledby={titleId}>
      <div className="body-toolbar">
        <h3 id={titleId}>Body</h3>
        {json && (
          <label className="check-row">
            <input type="checkbox" checked={pretty} onChange={(e) => setPretty(e.target.checked)} />
            Pretty-print
          </label>
        )}
        {formatted !== null && <span className="muted">reformatted view; the digest covers the bytes as served</span>}
      </div>
      <div className="editor-frame" style={{ height: editorHeight(text) }}>
        <Suspense fallback={<p className="muted loading">Loading editor…</p>}>
          <ManifestEditor value={text} language={json ? 'json' : 'plaintext'} label="Manifest body" wrap={false} />
        </Suspense>
      </div>
    </div>
  );
}
