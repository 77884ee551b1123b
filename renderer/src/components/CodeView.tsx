import { lazy, Suspense } from 'react';

// Monaco is most of the app's weight: it loads on first use, so the window appears at once.
const ManifestEditor = lazy(() => import('../editor/ManifestEditor'));

/** Lines shown as plain text while Monaco loads: enough to fill a pane, cheap for a huge document. */
const PREVIEW_CHARS = 20_000;

/**
 * A read-only document in Monaco. Until the editor's chunk has loaded the same text shows as plain
 * monospace, so the content is on screen (and readable by tests and screen readers) from the first paint.
 */
export function CodeView({ text, language, label }: { text: string; language: 'json' | 'plaintext'; label: string }) {
  return (
    <Suspense
      fallback={
        <pre className="code-fallback" aria-label={label}>
          {text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}\n…` : text}
        </pre>
      }
    >
      <ManifestEditor value={text} language={language} label={label} />
    </Suspense>
  );
}
