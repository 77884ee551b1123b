/**
 * The desktop shell: one window on the app:// protocol with a locked-down renderer, the handler table
 * bound to IPC, a native menu. All registry traffic and secrets stay in this process.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { app, BrowserWindow, dialog, Menu, protocol, safeStorage, screen, session, type MenuItemConstructorOptions } from 'electron';
import { COMMAND_EVENT, COMMANDS, type Command, type CommandSpec } from '../../shared/commands';
import { APP_ENTRY, APP_SCHEME, appFilePath } from './appProtocol';
import { SECURITY_HEADERS } from '../core/securityHeaders';
import type { ExportDestinations } from '../core/export/destinations';
import { createCore } from '../core/handlers';
import type { SecretCipher } from '../core/registry/credentials/appStore';
import { registerIpc } from './ipc';
import { lockContents, lockSession, WEB_PREFERENCES } from './lockdown';
import { contentTypeOf } from '../core/staticFiles';
import { APP_NAME } from '../core/version';
import { placeOnScreen, readWindowState, writeWindowState } from './windowState';

const rendererDir = join(__dirname, 'renderer');

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
]);

async function serveAppFile(request: Request): Promise<Response> {
  const file = appFilePath(rendererDir, request.url);
  const body = file ? await readFile(file).catch(() => null) : null;
  if (!file || !body) return new Response('Not found', { status: 404 });
  return new Response(body, {
    headers: { ...SECURITY_HEADERS, 'content-type': contentTypeOf(file) },
  });
}

const windowStateFile = () => join(app.getPath('userData'), 'window.json');

function createWindow(): BrowserWindow {
  const remembered = placeOnScreen(
    readWindowState(windowStateFile()),
    screen.getAllDisplays().map((d) => d.workArea),
  );
  const window = new BrowserWindow({
    x: remembered.x,
    y: remembered.y,
    width: remembered.width,
    height: remembered.height,
    title: APP_NAME,
    show: false,
    webPreferences: { ...WEB_PREFERENCES, preload: join(__dirname, 'preload.cjs') },
  });
  if (remembered.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  // The size it had before being maximized is the one to come back to.
  window.on('close', () => {
    try {
      writeWindowState(windowStateFile(), { ...window.getNormalBounds(), maximized: window.isMaximized() });
    } catch {
      // Not remembering the layout is no reason to keep a window from closing.
    }
  });
  void window.loadURL(APP_ENTRY);
  return window;
}

/**
 * A menu command goes to the page as the same DOM event its keyboard shortcut raises there. The menu
 * only shows the keys (registerAccelerator: false): the page handles them itself, as in the browser mode.
 */
function sendCommand(command: Command): void {
  const window = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  const script = `window.dispatchEvent(new CustomEvent(${JSON.stringify(COMMAND_EVENT)}, { detail: ${JSON.stringify(command)} }))`;
  void window?.webContents.executeJavaScript(script);
}

function commandItem(spec: CommandSpec): MenuItemConstructorOptions {
  return { label: spec.label, accelerator: spec.accelerator, registerAccelerator: false, click: () => sendCommand(spec.command) };
}

/** No navigation, no new windows, no webviews, no permissions, no devices: the page is the app and nothing else. */
function lockDown(): void {
  app.on('web-contents-created', (_event, contents) => lockContents(contents));
  lockSession(session.defaultSession);
}

/** safeStorage as the core sees it: the only place credentials meet Electron (the core may not import it). */
const safeStorageCipher: SecretCipher = {
  isEncryptionAvailable: () => safeStorage.isEncryptionAvailable(),
  backend: () => (process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : null),
  encryptString: (text) => safeStorage.encryptString(text),
  decryptString: (data) => safeStorage.decryptString(data),
};

/**
 * Exports ask the user with the native dialogs (the core may not import Electron, so it gets them as
 * ExportDestinations). "Export all formats" writes into a new folder, named after the image, inside the
 * folder chosen, so two exports never mix their summary.json.
 */
const nativeDestinations: ExportDestinations = {
  async saveFile(suggestedName) {
    const options = { defaultPath: join(app.getPath('downloads'), suggestedName) };
    const parent = BrowserWindow.getFocusedWindow();
    const answer = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
    return answer.canceled || !answer.filePath ? null : answer.filePath;
  },
  async chooseFolder(suggestedName) {
    const options = {
      title: 'Export all formats into…',
      defaultPath: app.getPath('downloads'),
      properties: ['openDirectory' as const, 'createDirectory' as const],
    };
    const parent = BrowserWindow.getFocusedWindow();
    const answer = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
    const chosen = answer.filePaths[0];
    return answer.canceled || !chosen ? null : join(chosen, suggestedName);
  },
};

function buildMenu(): Menu {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    {
      label: 'Inspect',
      submenu: COMMANDS.filter((c) => !c.command.startsWith('view:') && c.command !== 'theme').map(commandItem),
    },
    {
      label: 'View',
      submenu: [
        ...COMMANDS.filter((c) => c.command.startsWith('view:') || c.command === 'theme').map(commandItem),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' as const }]),
      ],
    },
    { role: 'windowMenu' },
  ];
  return Menu.buildFromTemplate(template);
}

app.enableSandbox();
void app.whenReady().then(() => {
  lockDown();
  protocol.handle(APP_SCHEME, serveAppFile);
  const core = createCore({
    mode: 'electron',
    destinations: nativeDestinations,
    // Packaged, electron-builder copies resources/sample into the app's resources folder.
    sampleDir: app.isPackaged ? join(process.resourcesPath, 'sample') : join(__dirname, '..', 'resources', 'sample'),
    credentialStore: { cipher: safeStorageCipher, file: join(app.getPath('userData'), 'credentials.json') },
  });
  registerIpc(core);
  Menu.setApplicationMenu(buildMenu());
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  app.on('will-quit', () => void core.close());
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
