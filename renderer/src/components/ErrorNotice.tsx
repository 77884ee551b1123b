import { isLensCallError } from '../api/errors';

/** A failed call as one plain sentence, its code for support tickets, detail folded away. */
export function ErrorNotice({ error }: { error: Error }) {
  const code = isLensCallError(error) ? error.code : 'INTERNAL';
  const detail = isLensCallError(error) ? error.detail : undefined;
  return (
    <div className="notice error" role="alert">
      <p className="sentence">{error.message}</p>
      <p className="muted">Error code: {code}</p>
      {detail && (
        <details>
          <summary>Detail</summary>
          <pre className="mono wrap">{detail}</pre>
        </details>
      )}
    </div>
  );
}
