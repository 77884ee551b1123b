import { COMMANDS } from '../../../shared/commands';
import { ZOOM_KEYS } from '../lib/shortcuts';
import { useModalDialog } from '../lib/useModalDialog';

const mac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const keysText = (keys: string) => keys.replaceAll('Mod', mac ? '⌘' : 'Ctrl');

/** The keyboard shortcuts, in a modal dialog (Escape or the button closes it, focus returns). */
export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const dialog = useModalDialog(open);
  return (
    <dialog ref={dialog} className="modal-dialog" aria-labelledby="shortcuts-title" onClose={onClose}>
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <table className="grid" aria-label="Keyboard shortcuts">
        <tbody>
          {COMMANDS.map((s) => (
            <tr key={s.command}>
              <th scope="row">{s.label}</th>
              <td>
                <kbd>{keysText(s.keys)}</kbd>
              </td>
            </tr>
          ))}
          <tr>
            <th scope="row">Zoom in, out, reset (the browser&apos;s or the View menu&apos;s)</th>
            <td>
              <kbd>{keysText(ZOOM_KEYS)}</kbd>
            </td>
          </tr>
        </tbody>
      </table>
      <form method="dialog">
        <button type="submit" autoFocus>
          Close
        </button>
      </form>
    </dialog>
  );
}
