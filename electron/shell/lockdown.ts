/**
 * What the desktop window may do: nothing but be the app. The page is ours, but it renders manifests,
 * headers and error text from registries, so nothing in it may take it elsewhere, open anything, or
 * reach a device. Electron-free (main.ts passes in the real objects), so each decision is tested here.
 */

/** The web preferences of every window, besides its preload script. */
export const WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  navigateOnDragDrop: false,
  spellcheck: false,
  // auxclick (a middle or other non-primary button click) is one more way to open a link; the app needs none.
  disableBlinkFeatures: 'Auxclick',
} as const;

/**
 * The web-contents events whose default takes a frame somewhere else or adds a guest page: each is
 * prevented. (Of Electron's other `will-` events, will-prevent-unload's default is to keep the page.)
 */
export const REFUSED_EVENTS = ['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview'] as const;
export type RefusedEvent = (typeof REFUSED_EVENTS)[number];

/** The part of Electron's WebContents the lock needs. */
export interface LockableContents {
  on(event: RefusedEvent, listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: () => { action: 'deny' }): void;
}

/** The part of Electron's Session the lock needs: every way a page can ask for a permission or a device. */
export interface LockableSession {
  setPermissionRequestHandler(handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: () => boolean): void;
  setDevicePermissionHandler(handler: () => boolean): void;
  setDisplayMediaRequestHandler(handler: (request: unknown, callback: (streams: null) => void) => void): void;
}

const refuse = (event: { preventDefault(): void }) => event.preventDefault();

/** No navigation, no redirects, no webviews, no new windows. */
export function lockContents(contents: LockableContents): void {
  for (const name of REFUSED_EVENTS) contents.on(name, refuse);
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** Every permission, device (HID, serial, USB) and screen capture is refused, asked or merely checked. */
export function lockSession(session: LockableSession): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  // null grants no stream: getDisplayMedia() rejects in the page.
  session.setDisplayMediaRequestHandler((_request, callback) => callback(null));
}
