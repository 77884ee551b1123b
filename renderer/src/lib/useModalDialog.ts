import { useEffect, useRef } from 'react';

/**
 * A native <dialog> shown modal while `open`: the page behind it is inert (focus stays in the dialog),
 * Escape closes it (its `close` event tells the owner), focus returns where it was when it closes.
 */
export function useModalDialog(open: boolean) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return dialog;
}
