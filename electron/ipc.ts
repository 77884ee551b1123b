/**
 * Binds the handler table to ipcMain: exactly the entries of the contract, each checking that the
 * sender is our own top-level page before the arguments are validated and the handler runs.
 */
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { CALL_NAMES, channelOf, type Envelope } from '../shared/api';
import type { Core } from './handlers';
import { APP_ORIGIN } from './appProtocol';

function trustedSender(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && new URL(frame.url).origin === APP_ORIGIN;
}

export function registerIpc(core: Core): void {
  for (const name of CALL_NAMES) {
    ipcMain.handle(channelOf(name), async (event, args: unknown): Promise<Envelope<unknown>> => {
      if (!trustedSender(event)) {
        return { ok: false, error: { code: 'USAGE', message: 'Refused: the request did not come from the app window.' } };
      }
      return core.dispatch(name, args);
    });
  }
}
