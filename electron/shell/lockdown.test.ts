/**
 * The window's lock, checked against Electron's own declarations (node_modules/electron/electron.d.ts,
 * the API of the Electron this app ships): the preferences exist, every navigating event is refused,
 * every permission and device is denied.
 */
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { lockContents, lockSession, REFUSED_EVENTS, WEB_PREFERENCES, type LockableSession } from './lockdown';

const declarations = readFileSync(createRequire(import.meta.url).resolve('electron/electron.d.ts'), 'utf8');

/** The body of one top-level class or interface of the Electron namespace. */
function declaration(head: string): string {
  const start = declarations.indexOf(`\n  ${head} {`);
  expect(start, head).toBeGreaterThan(0);
  const end = declarations.indexOf('\n  }\n', start);
  return declarations.slice(start, end);
}

const webContentsEvents = new Set(
  [...declaration('class WebContents extends NodeEventEmitter').matchAll(/\bon\(event: '([^']+)'/g)].map((m) => m[1]),
);
const preferenceNames = new Set([...declaration('interface WebPreferences').matchAll(/^ {4}(\w+)\?:/gm)].map((m) => m[1]));
const session = declaration('class Session extends NodeEventEmitter');
const permissions = [
  .../setPermissionRequestHandler\(handler: \(\(webContents: WebContents, permission: ([^,]+),/.exec(session)![1]!.matchAll(/'([^']+)'/g),
].map((m) => m[1]!);

describe('WEB_PREFERENCES', () => {
  it('names only preferences Electron has', () => {
    expect(Object.keys(WEB_PREFERENCES).filter((name) => !preferenceNames.has(name))).toEqual([]);
  });

  it('isolates and sandboxes the page, without Node, webviews or auxclick', () => {
    expect(WEB_PREFERENCES).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
    });
  });
});

describe('lockContents', () => {
  it("refuses every web-contents event of Electron's that would navigate a frame or attach a guest", () => {
    const willEvents = [...webContentsEvents].filter((name) => name!.startsWith('will-') && name !== 'will-prevent-unload');
    expect([...REFUSED_EVENTS].sort()).toEqual(willEvents.sort());
  });

  it('prevents each of them and denies every new window', () => {
    const contents = Object.assign(new EventEmitter(), {
      openHandler: undefined as (() => { action: 'deny' }) | undefined,
      setWindowOpenHandler(handler: () => { action: 'deny' }) {
        this.openHandler = handler;
      },
    });
    lockContents(contents);
    for (const name of REFUSED_EVENTS) {
      const event = { defaultPrevented: false, preventDefault: () => (event.defaultPrevented = true) };
      contents.emit(name, event);
      expect(event.defaultPrevented, name).toBe(true);
    }
    expect(contents.openHandler?.()).toEqual({ action: 'deny' });
  });
});

describe('lockSession', () => {
  const handlers: Partial<{ [K in keyof LockableSession]: Parameters<LockableSession[K]>[0] }> = {};
  lockSession({
    setPermissionRequestHandler: (h) => (handlers.setPermissionRequestHandler = h),
    setPermissionCheckHandler: (h) => (handlers.setPermissionCheckHandler = h),
    setDevicePermissionHandler: (h) => (handlers.setDevicePermissionHandler = h),
    setDisplayMediaRequestHandler: (h) => (handlers.setDisplayMediaRequestHandler = h),
  });

  it("installs a handler with each of Electron's session methods", () => {
    for (const name of Object.keys(handlers)) expect(session).toContain(`${name}(handler:`);
    expect(Object.keys(handlers).sort()).toEqual([
      'setDevicePermissionHandler',
      'setDisplayMediaRequestHandler',
      'setPermissionCheckHandler',
      'setPermissionRequestHandler',
    ]);
  });

  it('denies every permission Electron can ask for', () => {
    expect(permissions.length).toBeGreaterThan(30);
    for (const permission of permissions) {
      let granted: boolean | undefined;
      handlers.setPermissionRequestHandler!(null, permission, (answer) => (granted = answer));
      expect(granted, permission).toBe(false);
    }
    expect(handlers.setPermissionCheckHandler!()).toBe(false);
  });

  it('grants no device and no screen capture', () => {
    expect(handlers.setDevicePermissionHandler!()).toBe(false);
    let streams: unknown = 'unanswered';
    handlers.setDisplayMediaRequestHandler!({}, (answer) => (streams = answer));
    expect(streams).toBeNull();
  });
});
