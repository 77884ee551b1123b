import type { ReactNode } from 'react';

/**
 * A row named by its key (a header, a variable, a label, a token claim): the key is the row header, so a
 * screen reader announces it with the value and the row's accessible name starts with it.
 */
export function NameValueRow({ name, children }: { name: string; children: ReactNode }) {
  return (
    <tr>
      <th scope="row" className="mono">
        {name}
      </th>
      <td className="mono wrap">{children}</td>
    </tr>
  );
}
