import { useId, useState } from 'react';
import { FORMATS, type FormatId } from '../../../shared/mediaTypes';
import { newRequestId } from '../api/cancellable';
import { usePush } from '../api/exportCalls';
import { useProgress } from '../api/queries';
import { formatBytes } from '../lib/format';
import { ErrorNotice } from './ErrorNotice';
import { SignatureLine } from './SignatureLine';
import { MachineTextInput } from './MachineTextInput';

/**
 * Push the image, converted, to a registry and tag. An existing tag is never overwritten silently: the
 * core answers "exists" and the user confirms with Overwrite. Progress is polled while blobs copy.
 */
export function PushForm({ source, platform }: { source: string; platform?: string }) {
  const destinationId = useId();
  const formatId = useId();
  const [destination, setDestination] = useState('');
  const [format, setFormat] = useState<FormatId>('v2s2');
  const [requestId, setRequestId] = useState(newRequestId);
  const push = usePush();
  const progress = useProgress(requestId, push.isPending).data?.progress ?? null;

  const run = (force: boolean) => {
    const id = newRequestId();
    setRequestId(id);
    push.mutate({ source, destination: destination.trim(), format, force, platform, requestId: id });
  };
  const result = push.data;

  return (
    <form
      className="push-form"
      aria-label="Push"
      onSubmit={(e) => {
        e.preventDefault();
        run(false);
      }}
    >
      <label htmlFor={destinationId}>Destination</label>
      <MachineTextInput id={destinationId} placeholder="registry/repository:tag" value={destination} onValue={setDestination} required />
      <label htmlFor={formatId}>As</label>
      <select id={formatId} value={format} onChange={(e) => setFormat(e.target.value as FormatId)}>
        {FORMATS.map((f) => (
          <option key={f.id} value={f.id}>
            {f.title}
          </option>
        ))}
      </select>
      <button type="submit" disabled={push.isPending || destination.trim() === ''}>
        {push.isPending ? 'Pushing…' : 'Push'}
      </button>
      {push.isPending && (
        <p className="notice progress-block" role="status">
          {progress
            ? `Blob ${Math.min(progress.layer + 1, progress.layers)} of ${progress.layers}, ${formatBytes(progress.bytesDone)} sent`
            : 'Checking the destination…'}
          {progress && progress.layers > 0 && <progress max={progress.layers} value={progress.layer} aria-label="Push progress" />}
        </p>
      )}
      {result?.outcome === 'exists' && (
        <div className="notice warn" role="alert">
          <p>
            <code>{result.destination}</code> exists ({result.existing.digest ?? 'digest unknown'}). Nothing was pushed.
          </p>
          <button type="button" onClick={() => run(true)}>
            Overwrite {result.destination}
          </button>
        </div>
      )}
      {result?.outcome === 'pushed' && (
        <>
          <p className="save-outcome small-text" role="status">
            Pushed {result.destination} as {result.format}: {result.digest}, confirmed by the registry (
            {result.blobs.filter((b) => b.how === 'copied').length} blobs copied, {result.blobs.filter((b) => b.how === 'mounted').length}{' '}
            mounted, {result.blobs.filter((b) => b.how === 'present').length} already there).
          </p>
          <SignatureLine verdict={result.sourceSignature} />
        </>
      )}
      {push.error && <ErrorNotice error={push.error} />}
    </form>
  );
}
