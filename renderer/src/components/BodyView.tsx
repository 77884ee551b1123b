import { lazy, Suspense } from 'react';
import { decodeBase64Utf8, isJsonBody } from '../lib/format';

// Monaco is most of the app's weight: it loads on first use, so the window appears at once.
const ManifestEditor = lazy(() => import('../editor/ManifestEditor'));

/** The lines a body needs (18 px each, as the editor is set up), bounded so a large manifest scrolls inside the editor, not the page. */
function editorHeight(text: string): string {
  const lines = text.split('\n').length;
  return `clamp(160px, ${lines * 18 + 16}px, 70vh)`;
}

export function BodyView({ bodyBase64, contentType }: { bodyBase64: string; contentType: string | null }) {
  const text = decodeBase64Utf8(bodyBase64);
  return (
    <div className="body-view" role="group" aria-label="Body" style={{ height: editorHeight(text) }}>
      <Suspense fallback={<p className="muted loading">Loading editor…</p>}>
        <ManifestEditor value={text} language={isJsonBody(contentType, text) ? 'json' : 'plaintext'} label="Manifest body" />
      </Suspense>
    </div>
  );
}
