import type { CapturedExchange } from '../../../shared/exchange';
import { formatDuration } from '../lib/format';

/** Every HTTP request made for one inspection, in order. */
export function ExchangesTable({ exchanges }: { exchanges: CapturedExchange[] }) {
  return (
    <table className="grid exchanges" aria-label="Exchanges">
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">Purpose</th>
          <th scope="col">Method</th>
          <th scope="col">URL</th>
          <th scope="col">Status</th>
          <th scope="col" className="num">
            Time
          </th>
        </tr>
      </thead>
      <tbody>
        {exchanges.map((x, i) => (
          <tr key={`${i}-${x.startedAt}`}>
            <td className="num">{i + 1}</td>
            <td>{x.purpose}</td>
            <td className="mono">{x.method}</td>
            <td className="mono wrap">{x.url}</td>
            <td className={x.status >= 400 ? 'status-bad' : 'status-ok'}>
              {x.status} {x.statusText}
            </td>
            <td className="num">{formatDuration(x.durationMs)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
