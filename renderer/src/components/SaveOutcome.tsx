import { isLensCallError } from '../api/errors';
import { ErrorNotice } from './ErrorNotice';

/**
 * What became of a save: where it went, that the user cancelled the dialog (said quietly), or why it
 * failed. `saved` is one sentence naming the path.
 */
export function SaveOutcome({ saved, error }: { saved: string | null; error: Error | null }) {
  if (error) {
    if (isLensCallError(error) && error.code === 'CANCELLED') {
      return (
        <p className="muted small-text" role="status">
          Not saved.
        </p>
      );
    }
    return <ErrorNotice error={error} />;
  }
  if (!saved) return null;
  return (
    <p className="save-outcome small-text" role="status">
      {saved}
    </p>
  );
}
