/**
 * Exposes exactly the calls of shared/api.ts to the renderer as `window.lens`, one function each, and
 * `window.lensFiles.pathForFile`, the path of a file dropped onto the window (so an OCI layout folder or
 * a docker archive opens by its path). Nothing else crosses: no ipcRenderer, no Node, no events.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { CALL_NAMES, channelOf, type LensApi } from '../../shared/api';

const bridge = Object.fromEntries(
  CALL_NAMES.map((name) => [name, (args: unknown) => ipcRenderer.invoke(channelOf(name), args)]),
) as LensApi;

contextBridge.exposeInMainWorld('lens', bridge);

// A File exists only in the renderer; the bridge hands it to Electron as it came.
contextBridge.exposeInMainWorld('lensFiles', {
  pathForFile: (file: Parameters<typeof webUtils.getPathForFile>[0]) => webUtils.getPathForFile(file),
});
