import type { HeaderList } from '../../../shared/exchange';
import { DataTable } from './DataTable';
import { NameValueRow } from './NameValueRow';

/** Headers exactly as captured, in order, repeated names kept. */
export function HeaderTable({ headers, label }: { headers: HeaderList; label: string }) {
  if (headers.length === 0) return <p className="muted">No headers.</p>;
  return (
    <DataTable label={label} columns={['Name', 'Value']} className="grid headers">
      {headers.map(([name, value], i) => (
        <NameValueRow key={`${i}-${name}`} name={name}>
          {value}
        </NameValueRow>
      ))}
    </DataTable>
  );
}
