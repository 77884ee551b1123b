import type { HeaderList } from '../../../shared/exchange';

/** Headers exactly as captured, in order, repeated names kept. */
export function HeaderTable({ headers, label }: { headers: HeaderList; label: string }) {
  if (headers.length === 0) return <p className="muted">No headers.</p>;
  return (
    <table className="grid headers" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Value</th>
        </tr>
      </thead>
      <tbody>
        {headers.map(([name, value], i) => (
          <tr key={`${i}-${name}`}>
            <th scope="row" className="mono">
              {name}
            </th>
            <td className="mono wrap">{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
