import type { RegistryErrorEntry } from '../../../shared/exchange';

function detailText(detail: unknown): string {
  if (detail === undefined || detail === null) return '';
  return typeof detail === 'string' ? detail : JSON.stringify(detail);
}

/** distribution's errors[] array, as the registry sent it. */
export function RegistryErrors({ errors }: { errors: RegistryErrorEntry[] }) {
  return (
    <table className="grid registry-errors" aria-label="Registry errors">
      <thead>
        <tr>
          <th scope="col">Code</th>
          <th scope="col">Message</th>
          <th scope="col">Detail</th>
        </tr>
      </thead>
      <tbody>
        {errors.map((e, i) => (
          <tr key={`${i}-${e.code}`}>
            <td className="mono">{e.code}</td>
            <td>{e.message}</td>
            <td className="mono wrap">{detailText(e.detail)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
