import type { CapturedExchange } from '../../../shared/exchange';
import { formatDuration, statusClass } from '../lib/format';
import { DataTable } from './DataTable';

/** Every HTTP request made for one inspection, in order. */
export function ExchangesTable({ exchanges }: { exchanges: CapturedExchange[] }) {
  return (
    <DataTable
      label="Exchanges"
      columns={['#', 'Purpose', 'Method', 'URL', 'Status', { title: 'Time', numeric: true }]}
      className="grid exchanges"
    >
      {exchanges.map((x, i) => (
        <tr key={`${i}-${x.startedAt}`}>
          <td className="num">{i + 1}</td>
          <td>{x.purpose}</td>
          <td className="mono">{x.method}</td>
          <td className="mono wrap">{x.url}</td>
          <td className={statusClass(x.status)}>
            {x.status} {x.statusText}
          </td>
          <td className="num">{formatDuration(x.durationMs)}</td>
        </tr>
      ))}
    </DataTable>
  );
}
