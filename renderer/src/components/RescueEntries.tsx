import type { RescueEntry } from '../../../shared/audit';
import { formatByMediaType } from '../../../shared/mediaTypes';
import { formatBytesShort, formatDuration } from '../lib/format';
import { DataTable } from './DataTable';
import { ShortDigest } from './ShortDigest';

const COLUMNS = ['Image', 'Outcome', 'From', 'To', { title: 'Bytes', numeric: true }, { title: 'Time', numeric: true }, 'Note'] as const;

/** What a rescue did (or a dry run would do) to each image: old digest → new digest, bytes, time, or why not. */
export function RescueEntries({ label, entries }: { label: string; entries: readonly RescueEntry[] }) {
  return (
    <DataTable label={label} columns={COLUMNS}>
      {entries.map((e) => (
        <tr key={e.image}>
          <th scope="row" className="mono">
            {e.image}
          </th>
          <td className={e.outcome === 'failed' ? 'status-bad' : e.outcome === 'rescued' ? 'status-ok' : undefined}>{e.outcome}</td>
          <td>{e.from.digest ? <ShortDigest digest={e.from.digest} /> : '—'}</td>
          <td>
            <span className="mono">{e.destination}</span> {e.to && <ShortDigest digest={e.to.digest} />}
          </td>
          <td className="num">
            {e.outcome === 'planned' ? (e.layerBytes === null ? '?' : formatBytesShort(e.layerBytes)) : formatBytesShort(e.bytesStreamed)}
          </td>
          <td className="num">{e.outcome === 'planned' ? '—' : formatDuration(e.durationMs)}</td>
          <td className="wrap">
            {e.reason ??
              (e.outcome === 'planned'
                ? `${e.layers} layer(s) to stream, about ${e.requests} requests`
                : `now ${e.to ? (formatByMediaType(e.to.mediaType)?.title ?? e.to.mediaType) : '?'}`)}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
