import type { RegistryErrorEntry } from '../../../shared/exchange';
import { DataTable } from './DataTable';

function detailText(detail: unknown): string {
  if (detail === undefined || detail === null) return '';
  return typeof detail === 'string' ? detail : JSON.stringify(detail);
}

/** distribution's errors[] array, as the registry sent it. */
export function RegistryErrors({ errors }: { errors: RegistryErrorEntry[] }) {
  return (
    <DataTable label="Registry errors" columns={['Code', 'Message', 'Detail']} className="grid registry-errors">
      {errors.map((e, i) => (
        <tr key={`${i}-${e.code}`}>
          <td className="mono">{e.code}</td>
          <td>{e.message}</td>
          <td className="mono wrap">{detailText(e.detail)}</td>
        </tr>
      ))}
    </DataTable>
  );
}
