/**
 * Binds the handler table to ipcMain: exactly the entries of the contract, each checking that the
 * sender is our own top-level page before the arguments are validated and the handler runs.
 */
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { CALL_NAMES, channelOf, type Envelope } from '../../shared/api';
import type { Core } from '../core/handlers';
import { isTrustedSender } from './trustedSender';

function senderFrame(event: IpcMainInvokeEvent) {
  const frame = event.senderFrame;
  return frame ? { url: frame.url, isTopLevel: frame.parent === null } : null;
}

export function registerIpc(core: Core): void {
  for (const name of CALL_NAMES) {
    ipcMain.handle(channelOf(name), async (event, args: unknown): Promise<Envelope<unknown>> => {
      if (!isTrustedSender(senderFrame(event))) {
        return { ok: false, error: { code: 'USAGE', message: 'Refused: the request did not come from the app window.' } };
      }
      return core.dispatch(name, args);
    });
  }
}
