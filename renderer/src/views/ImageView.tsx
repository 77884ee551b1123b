import { useEffect, useId, useRef, useState } from 'react';
import type { ConfigView, ImageDetails, LayerView, PlatformEntry } from '../../../shared/image';
import { CodeView } from '../components/CodeView';
import { CopyButton } from '../components/CopyButton';
import { SaveOutcome } from '../components/SaveOutcome';
import { useSaveBlob } from '../api/exportCalls';
import { DigestCell, MediaTypeCell, SizeAndAnnotationsCells } from '../components/DescriptorCells';
import { BusyNotice } from '../components/BusyNotice';
import { ErrorNotice } from '../components/ErrorNotice';
import { NameValueRow } from '../components/NameValueRow';
import { RateLimitNote } from '../components/RateLimitNote';
import { formatBytes, formatBytesShort } from '../lib/format';
import { DataTable } from '../components/DataTable';

/** Long histories (thousands of steps) render in slices so the view stays responsive. */
const ROW_SLICE = 200;

export interface ImageViewProps {
  image: ImageDetails | undefined;
  error: Error | null;
  loading: boolean;
  /** The list this image was opened from, to switch to a sibling platform. */
  parent: ImageDetails | undefined;
  /** A layer to show (a digest link in a document led here): its row stands out and its Save blob has focus. */
  shownLayer?: string | null;
  onOpenChild: (list: ImageDetails, digest: string) => void;
}

export function platformLabel(p: Pick<PlatformEntry, 'os' | 'architecture' | 'variant'>): string {
  if (!p.os && !p.architecture) return '(no platform)';
  return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}

/** The image around the manifest: platforms of a list, or config, history, layers, labels and env. */
export function ImageView({ image, error, loading, parent, shownLayer = null, onOpenChild }: ImageViewProps) {
  if (error) return <ErrorNotice error={error} />;
  if (loading || !image) {
    return <BusyNotice>Reading the image…</BusyNotice>;
  }
  const list = image.platforms ? image : parent;
  return (
    <div className="image-view">
      <RateLimitNote rateLimit={image.rateLimit} />
      {list?.platforms && <PlatformPicker list={list} current={image.manifest.digest} onOpen={(digest) => onOpenChild(list, digest)} />}
      {image.notes.length > 0 && (
        <ul className="notes" aria-label="Image notes">
          {image.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      {image.config && <ConfigSection config={image.config} layers={image.layers} />}
      {!image.platforms && (
        <LayersTable source={image.reference.input} layers={image.layers} total={image.totalLayerSize} shown={shownLayer} />
      )}
    </div>
  );
}

function PlatformPicker({ list, current, onOpen }: { list: ImageDetails; current: string; onOpen: (digest: string) => void }) {
  const id = useId();
  const platforms = list.platforms ?? [];
  const inList = platforms.some((p) => p.digest === current);
  const [chosen, setChosen] = useState(inList ? current : (platforms.find((p) => !p.attestation)?.digest ?? ''));
  return (
    <section className="pane" aria-labelledby={`${id}-title`}>
      <header className="pane-header">
        <h2 id={`${id}-title`}>Platforms</h2>
        <span className="muted">
          {platforms.length} {platforms.length === 1 ? 'entry' : 'entries'} in <span className="mono">{list.reference.canonical}</span>
        </span>
      </header>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (chosen) onOpen(chosen);
        }}
      >
        <label htmlFor={`${id}-select`}>Platform</label>
        <select id={`${id}-select`} value={chosen} onChange={(e) => setChosen(e.target.value)}>
          {platforms.map((p, i) => (
            <option key={`${i}-${p.digest}`} value={p.digest}>
              {platformLabel(p)}
              {p.attestation ? ' (attestation)' : ''} — {p.digest.slice(7, 19)}
            </option>
          ))}
        </select>
        <button type="submit" className="primary" disabled={!chosen || chosen === current}>
          Open
        </button>
      </form>
      <div className="table-scroll">
        <DataTable
          label="Platforms"
          columns={['Platform', 'OS version', 'Media type', 'Digest', { title: 'Size', numeric: true }, 'Annotations']}
        >
          {platforms.map((p, i) => (
            <tr
              key={`${i}-${p.digest}`}
              className={p.digest === current ? 'current' : undefined}
              aria-current={p.digest === current ? 'true' : undefined}
            >
              <td>
                <button type="button" className="link" onClick={() => onOpen(p.digest)} aria-label={`Open ${platformLabel(p)} ${p.digest}`}>
                  {platformLabel(p)}
                </button>
                {p.attestation && <span className="badge">attestation</span>}
              </td>
              <td>{p.osVersion ?? ''}</td>
              <MediaTypeCell mediaType={p.mediaType} />
              <DigestCell digest={p.digest} onOpen={() => onOpen(p.digest)} />
              <SizeAndAnnotationsCells size={p.size} annotations={p.annotations} />
            </tr>
          ))}
        </DataTable>
      </div>
    </section>
  );
}

function commandText(value: string[] | null): string {
  return value === null ? '—' : JSON.stringify(value);
}

function ConfigSection({ config, layers }: { config: ConfigView; layers: LayerView[] }) {
  const [showJson, setShowJson] = useState(false);
  const platform = platformLabel(config);
  return (
    <>
      <section className="pane" aria-labelledby="config-title">
        <header className="pane-header">
          <h2 id="config-title">Config</h2>
          <span className="mono muted">{platform}</span>
          {config.digest && (
            <span className="mono small-text digest-line">
              {config.digest}
              <CopyButton text={config.digest} label="Copy config digest" />
            </span>
          )}
          <span className="muted">{formatBytes(config.size)}</span>
        </header>
        <dl className="facts">
          <div>
            <dt>Created</dt>
            <dd className="mono">{config.created ?? '—'}</dd>
          </div>
          <div>
            <dt>Author</dt>
            <dd>{config.author ?? '—'}</dd>
          </div>
          <div>
            <dt>Entrypoint</dt>
            <dd className="mono wrap">{commandText(config.entrypoint)}</dd>
          </div>
          <div>
            <dt>Cmd</dt>
            <dd className="mono wrap">{commandText(config.cmd)}</dd>
          </div>
          <div>
            <dt>Working dir</dt>
            <dd className="mono">{config.workingDir ?? '—'}</dd>
          </div>
          <div>
            <dt>User</dt>
            <dd className="mono">{config.user ?? '—'}</dd>
          </div>
          {config.exposedPorts.length > 0 && (
            <div>
              <dt>Exposed ports</dt>
              <dd className="mono">{config.exposedPorts.join(' ')}</dd>
            </div>
          )}
        </dl>
        <div className="two-columns">
          <KeyValueTable label="Environment" rows={config.env.map((e) => splitOnce(e, '='))} empty="No environment variables." />
          <KeyValueTable label="Labels" rows={Object.entries(config.labels)} empty="No labels." />
        </div>
        <details onToggle={(e) => setShowJson(e.currentTarget.open)}>
          <summary>Config JSON ({formatBytes(config.size)})</summary>
          {showJson && (
            <div className="editor-frame config-json">
              <CodeView text={config.text} language="json" label="Config JSON" />
            </div>
          )}
        </details>
      </section>
      <HistoryTable config={config} layers={layers} />
    </>
  );
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)];
}

function KeyValueTable({ label, rows, empty }: { label: string; rows: Array<[string, string]>; empty: string }) {
  const [all, setAll] = useState(false);
  const shown = all ? rows : rows.slice(0, ROW_SLICE);
  return (
    <div className="block">
      <h3>
        {label} <span className="muted">({rows.length})</span>
      </h3>
      {rows.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <table className="grid headers" aria-label={label}>
          <tbody>
            {shown.map(([k, v], i) => (
              <NameValueRow key={`${i}-${k}`} name={k}>
                {v}
              </NameValueRow>
            ))}
          </tbody>
        </table>
      )}
      {shown.length < rows.length && (
        <button type="button" className="small" onClick={() => setAll(true)}>
          Show all {rows.length}
        </button>
      )}
    </div>
  );
}

function HistoryTable({ config, layers }: { config: ConfigView; layers: LayerView[] }) {
  const [all, setAll] = useState(false);
  const history = config.history;
  const shown = all ? history : history.slice(0, ROW_SLICE);
  const empty = history.filter((h) => h.emptyLayer).length;
  return (
    <section className="pane" aria-labelledby="history-title">
      <header className="pane-header">
        <h2 id="history-title">History</h2>
        <span className="muted">
          {history.length} steps, {empty} without a layer
        </span>
      </header>
      <div className="table-scroll">
        <DataTable label="History" columns={[{ title: '#', numeric: true }, 'Created', 'Created by', 'Layer']}>
          {shown.map((h, i) => {
            const layer = h.layerIndex === null ? null : layers[h.layerIndex];
            return (
              <tr key={i}>
                <td className="num">{i + 1}</td>
                <td className="mono small-text nowrap">{h.created ?? '—'}</td>
                <td className="mono small-text wrap">
                  {h.createdBy ?? <span className="muted">—</span>}
                  {h.comment && <span className="note">{h.comment}</span>}
                </td>
                <td className="small-text nowrap">
                  {h.emptyLayer ? (
                    <span className="badge">empty layer</span>
                  ) : layer ? (
                    <>
                      #{h.layerIndex! + 1} {layer.size === null ? '' : formatBytesShort(layer.size)}
                    </>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            );
          })}
        </DataTable>
      </div>
      {shown.length < history.length && (
        <button type="button" className="small" onClick={() => setAll(true)}>
          Show all {history.length} steps
        </button>
      )}
    </section>
  );
}

interface LayersTableProps {
  source: string;
  layers: LayerView[];
  total: number | null;
  shown: string | null;
}

function LayersTable({ source, layers, total, shown }: LayersTableProps) {
  const shownRow = useRef<HTMLTableRowElement>(null);
  useEffect(() => {
    shownRow.current?.scrollIntoView({ block: 'center' });
    shownRow.current?.querySelector('button')?.focus({ preventScroll: true });
  }, [shown]);
  return (
    <section className="pane" aria-labelledby="layers-title">
      <header className="pane-header">
        <h2 id="layers-title">Layers</h2>
        <span className="muted">
          {layers.length} {layers.length === 1 ? 'layer' : 'layers'}
          {total !== null && `, ${formatBytes(total)}`}
        </span>
      </header>
      <div className="table-scroll">
        <DataTable
          label="Layers"
          columns={[{ title: '#', numeric: true }, 'Digest', 'Media type', { title: 'Size', numeric: true }, 'Blob']}
          footer={
            <>
              <tr>
                <th scope="row" colSpan={3}>
                  Total
                </th>
                <td className="num">{total === null ? 'unknown' : formatBytes(total)}</td>
                <td />
              </tr>
            </>
          }
        >
          {layers.map((l, i) => (
            <tr
              key={`${i}-${l.digest}`}
              ref={l.digest === shown ? shownRow : undefined}
              className={l.digest === shown ? 'current' : undefined}
              aria-current={l.digest === shown ? 'true' : undefined}
            >
              <td className="num">{i + 1}</td>
              <td className="mono small-text wrap">
                {l.digest}
                {l.diffId && <span className="note">diffID {l.diffId}</span>}
                {l.urls.length > 0 && <span className="note">from {l.urls.join(', ')}</span>}
              </td>
              <MediaTypeCell mediaType={l.mediaType} />
              <td className="num">{l.size === null ? 'unknown' : formatBytes(l.size)}</td>
              <td>{l.urls.length === 0 && <SaveBlobButton source={source} digest={l.digest} mediaType={l.mediaType} />}</td>
            </tr>
          ))}
        </DataTable>
      </div>
    </section>
  );
}

/** Streams one layer to the export folder (the core checks its digest before the file lands). */
function SaveBlobButton({ source, digest, mediaType }: { source: string; digest: string; mediaType: string }) {
  const save = useSaveBlob();
  return (
    <>
      <button
        type="button"
        className="small"
        disabled={save.isPending}
        aria-label={`Save blob ${digest}`}
        onClick={() => save.mutate({ source, digest, mediaType })}
      >
        {save.isPending ? 'Saving…' : 'Save blob'}
      </button>
      <SaveOutcome
        saved={save.data ? `Saved to ${save.data.path}, ${formatBytes(save.data.size)}, digest checked.` : null}
        error={save.error}
      />
    </>
  );
}
