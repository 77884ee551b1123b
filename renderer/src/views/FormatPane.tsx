import { useQueryClient } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';
import type { FORMATS } from '../../../shared/mediaTypes';
import { isLensCallError } from '../api/errors';
import { newRequestId } from '../api/cancellable';
import { convertKey, useConvert, useProgress } from '../api/queries';
import { BreakableText } from '../components/BreakableText';
import { CodeView } from '../components/CodeView';
import { ShortDigest } from '../components/ShortDigest';
import { ConversionNotes } from '../components/ConversionNotes';
import { CopyButton } from '../components/CopyButton';
import { ErrorNotice } from '../components/ErrorNotice';
import { ExportFormatButton } from '../components/ExportFormatButton';
import { decodeBase64Utf8, formatBytes, formatBytesShort } from '../lib/format';

export type Format = (typeof FORMATS)[number];

/** Work a conversion needs before it can run: a schema 1 rescue streams every layer to hash it. */
export interface PendingWork {
  layers: number;
  /** Compressed bytes to stream; null when the registry did not say. */
  bytes: number | null;
}

export interface FormatPaneProps {
  format: Format;
  reference: string;
  /** Present when this format needs layer diffIDs: the pane waits for the user to ask. */
  work: PendingWork | null;
}

/** One format of the image: media type, digest, size, what the conversion lost, and the document itself. */
export function FormatPane({ format, reference, work }: FormatPaneProps) {
  const titleId = useId();
  const [computeAsked, setComputeAsked] = useState(false);
  const [requestId] = useState(newRequestId);
  const enabled = work === null || computeAsked;
  const query = useConvert(reference, format.id, enabled, requestId);
  const progress = useProgress(requestId, work !== null && query.isFetching).data?.progress ?? null;
  const queryClient = useQueryClient();
  const cancel = () => {
    setComputeAsked(false);
    void queryClient.cancelQueries({ queryKey: convertKey(reference, format.id), exact: true });
  };

  return (
    <section className="pane format-pane" aria-labelledby={titleId} aria-busy={query.isFetching}>
      <header className="pane-header">
        <h2 id={titleId}>{format.title}</h2>
        <span className="mono muted small-text">
          <BreakableText text={format.mediaType} />
        </span>
      </header>
      {!enabled && work ? (
        <div className="notice pending-work">
          <p>
            Needs layer diffIDs: every layer is streamed and hashed ({work.layers} {work.layers === 1 ? 'layer' : 'layers'},{' '}
            {work.bytes === null ? 'size unknown' : formatBytes(work.bytes)}).
          </p>
          <p>
            <button type="button" onClick={() => setComputeAsked(true)} aria-label={`Compute layer diffIDs for ${format.title}`}>
              Compute, {work.bytes === null ? `${work.layers} layers` : formatBytesShort(work.bytes)}
            </button>
          </p>
        </div>
      ) : (
        <>
          {query.isFetching && (
            <div className="notice progress-block" role="status">
              <p>
                {work
                  ? `Streaming layers to compute their diffIDs${progress ? `: layer ${progress.layer + 1} of ${progress.layers}, ${formatBytesShort(progress.bytesDone)}` : '…'}`
                  : `Converting to ${format.title}…`}
              </p>
              {work?.bytes && progress ? (
                <progress aria-label={`Converting to ${format.title}`} max={work.bytes} value={Math.min(progress.bytesDone, work.bytes)} />
              ) : (
                <progress aria-label={`Converting to ${format.title}`} />
              )}
              {work && (
                <button type="button" onClick={cancel}>
                  Cancel
                </button>
              )}
            </div>
          )}
          {query.error && !query.isFetching ? (
            isLensCallError(query.error) && query.error.code === 'CONVERSION_REFUSED' ? (
              <div className="notice refused" role="note">
                <p className="sentence">
                  <span className="badge kind-refused">refused</span> {query.error.message}
                </p>
                {query.error.detail && <p className="muted">{query.error.detail}</p>}
              </div>
            ) : (
              <ErrorNotice error={query.error} />
            )
          ) : (
            query.data && (
              <div className={query.isPlaceholderData ? 'converted stale' : 'converted'}>
                {!query.isPlaceholderData && (
                  <ExportFormatButton
                    source={reference}
                    format={format.id}
                    title={format.title}
                    document={{
                      bytesBase64: query.data.manifest.bytesBase64,
                      ...(query.data.config ? { configBase64: query.data.config.bytesBase64 } : {}),
                    }}
                  />
                )}
                <ConvertedBody format={format} data={query.data} />
              </div>
            )
          )}
        </>
      )}
    </section>
  );
}

function ConvertedBody({ format, data }: { format: Format; data: NonNullable<ReturnType<typeof useConvert>['data']> }) {
  const text = useMemo(() => decodeBase64Utf8(data.manifest.bytesBase64), [data.manifest.bytesBase64]);
  const unchanged = data.manifest.digest === data.from.digest && data.manifest.mediaType === data.from.mediaType;
  return (
    <>
      <dl className="facts compact">
        <div className="wide">
          <dt>Digest</dt>
          <dd className="mono digest-line">
            <ShortDigest digest={data.manifest.digest} />
            <CopyButton text={data.manifest.digest} label={`Copy digest of ${format.title}`} />
          </dd>
        </div>
        <div>
          <dt>Size</dt>
          <dd>{formatBytes(data.manifest.size)}</dd>
        </div>
        <div>
          <dt>From</dt>
          <dd className="small-text">
            {unchanged ? 'as stored' : data.from.child ? `the ${data.from.child.platform} entry` : 'converted'}
            {data.config && <span className="note">with a new config {data.config.digest}</span>}
          </dd>
        </div>
      </dl>
      <ConversionNotes notes={data.notes} label={`Conversion notes for ${format.title}`} />
      <div className="pane-editor">
        <CodeView text={text} language="json" label={`${format.title} manifest`} />
      </div>
    </>
  );
}
