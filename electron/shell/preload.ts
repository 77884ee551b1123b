/**
 * Exposes exactly the calls of shared/api.ts to the renderer as `window.lens`, one function each.
 * Nothing else crosses: no ipcRenderer, no Node, no events.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { CALL_NAMES, channelOf, type LensApi } from '../../shared/api';

const bridge = Object.fromEntries(
  CALL_NAMES.map((name) => [name, (args: unknown) => ipcRenderer.invoke(channelOf(name), args)]),
) as LensApi;

contextBridge.exposeInMainWorld('lens', bridge);
