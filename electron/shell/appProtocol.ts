/**
 * The app:// origin the renderer is served from (not file://, which would give the page the whole
 * file system as its origin). Pure path logic here; main.ts registers the scheme with Electron.
 */
import { fileInside } from '../core/staticFiles';

export const APP_SCHEME = 'app';
export const APP_HOST = 'lens';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/** The file an app:// URL names inside the renderer folder, or null for anything else. */
export function appFilePath(rendererDir: string, requestUrl: string): string | null {
  const url = new URL(requestUrl);
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  return fileInside(rendererDir, url.pathname);
}
