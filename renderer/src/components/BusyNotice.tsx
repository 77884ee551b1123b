import type { ReactNode } from 'react';

/**
 * A wait in progress: a spinner and one line saying what is awaited. As a status region it is read out
 * without taking focus; the spinner is decoration, hidden from screen readers.
 */
export function BusyNotice({ children }: { children: ReactNode }) {
  return (
    <p className="notice progress" role="status">
      <span className="spinner" aria-hidden="true" />
      {children}
    </p>
  );
}
