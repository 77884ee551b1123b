import { useId, useMemo, type ReactNode } from 'react';
import type { SignatureVerdict } from '../../../shared/conversion';
import type { DocumentView, FormatOutcome, OpenedSource } from '../../../shared/export';
import { FORMATS } from '../../../shared/mediaTypes';
import { CodeView } from '../components/CodeView';
import { ConversionNotes } from '../components/ConversionNotes';
import { CopyButton } from '../components/CopyButton';
import { ExportActions } from '../components/ExportActions';
import { ExportFormatButton } from '../components/ExportFormatButton';
import { ShortDigest } from '../components/ShortDigest';
import { SignatureLine } from '../components/SignatureLine';
import { editorHeight } from '../editor/editorHeight';
import { decodeBase64Utf8, formatBytes } from '../lib/format';
import { closeSource, useShownSource } from '../lib/shownSource';
import './SourceView.css';

const KIND_TEXT: Record<OpenedSource['source']['kind'], string> = {
  registry: 'registry',
  'oci-layout': 'OCI image layout',
  'docker-archive': 'docker archive',
  'manifest-file': 'manifest file',
};

/** The offline source on screen, in every format, with its export actions; nothing when none is open. */
export function SourceView() {
  const opened = useShownSource();
  if (!opened) return null;
  const { source, served } = opened;
  return (
    <section className="source-view" aria-label="Offline source">
      <header className="source-header">
        <div>
          <h2>
            <code>{source.input}</code>
          </h2>
          <p className="muted small-text">
            {KIND_TEXT[source.kind]} · {source.repository}
            {source.tag ? `:${source.tag}` : ''} · stored as {served.mediaType}
          </p>
        </div>
        <button type="button" className="small" onClick={closeSource}>
          Close
        </button>
      </header>
      <ExportActions source={source.input} />
      <div className="source-panes">
        <DocumentPane title="As served" document={served} notes={null} signature={served.signature} />
        {opened.formats.map((f) => (
          <FormatSection key={f.format} outcome={f} source={source.input} />
        ))}
      </div>
    </section>
  );
}

function FormatSection({ outcome, source }: { outcome: FormatOutcome; source: string }) {
  const title = FORMATS.find((f) => f.id === outcome.format)!.title;
  if (!outcome.ok) return <DocumentPane title={title} document={null} notes={null} refusal={outcome.error.message} />;
  return (
    <DocumentPane title={title} document={outcome.manifest} notes={outcome} configDigest={outcome.config?.digest ?? null}>
      <ExportFormatButton
        source={source}
        format={outcome.format}
        title={title}
        document={{ bytesBase64: outcome.manifest.bytesBase64, ...(outcome.config ? { configBase64: outcome.config.bytesBase64 } : {}) }}
      />
    </DocumentPane>
  );
}

interface DocumentPaneProps {
  title: string;
  document: (DocumentView & { bytesBase64: string }) | null;
  notes: Extract<FormatOutcome, { ok: true }> | null;
  refusal?: string;
  configDigest?: string | null;
  /** The verdict on a schema 1 document's signature, for the document the source holds. */
  signature?: SignatureVerdict | null;
  children?: ReactNode;
}

/** One region per format, named by its title (accessible names other programs rely on), with its digest as text. */
function DocumentPane({ title, document, notes, refusal, configDigest, signature = null, children }: DocumentPaneProps) {
  const titleId = useId();
  return (
    <section className="pane source-pane" aria-labelledby={titleId}>
      <header className="pane-header">
        <h2 id={titleId}>{title}</h2>
        {children}
      </header>
      {refusal && <p className="notice refused">{refusal}</p>}
      {document && (
        <>
          <dl className="source-facts small-text">
            <dt>Digest</dt>
            <dd className="mono">
              <ShortDigest digest={document.digest} /> <CopyButton text={document.digest} label={`Copy the ${title} digest`} />
            </dd>
            <dt>Media type</dt>
            <dd className="mono">{document.mediaType}</dd>
            <dt>Size</dt>
            <dd>{formatBytes(document.size)}</dd>
            {notes?.child && (
              <>
                <dt>Image</dt>
                <dd>
                  {notes.child.platform} entry of the list (<span className="mono">{notes.child.digest}</span>)
                </dd>
              </>
            )}
            {configDigest && (
              <>
                <dt>New config</dt>
                <dd className="mono">{configDigest}</dd>
              </>
            )}
          </dl>
          <SignatureLine verdict={signature} />
          {notes && <ConversionNotes notes={notes.notes} label={`What ${title} lost or changed`} />}
          <DocumentText document={document} title={title} />
        </>
      )}
    </section>
  );
}

/** The document in an editor whose height comes from its line count, never from the pane around it. */
function DocumentText({ document, title }: { document: DocumentView & { bytesBase64: string }; title: string }) {
  const text = useMemo(() => decodeBase64Utf8(document.bytesBase64), [document.bytesBase64]);
  return (
    <div className="editor-frame" style={{ height: editorHeight(text) }}>
      <CodeView text={text} language="json" label={`${title} document`} />
    </div>
  );
}
