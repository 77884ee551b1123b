/**
 * A file dropped onto the window, as a source to open. The desktop app learns the file's path from its
 * preload (Electron's webUtils.getPathForFile), so an OCI layout folder and a docker archive open as if
 * typed into "Open…"; a page in the browser mode never learns a path and sends a manifest file's bytes.
 */
import { DROPPED_MANIFEST_LIMIT, droppedFileTooLarge, type OpenDroppedManifestArgs } from '../../../shared/export';
import { LensCallError } from '../api/errors';

declare global {
  interface Window {
    /** The desktop preload's file paths (electron/shell/preload.ts); absent in the browser mode. */
    lensFiles?: { pathForFile(file: File): string };
  }
}

export interface DroppedItem {
  file: File;
  /** A folder was dropped (an OCI layout, in the desktop app). */
  isDirectory: boolean;
}

/** The first item of a drop, or null when no file was dropped (text, a link). */
export function droppedItem(transfer: DataTransfer | null): DroppedItem | null {
  const file = transfer?.files[0];
  if (!file) return null;
  const entry = transfer.items[0]?.webkitGetAsEntry();
  return { file, isDirectory: entry?.isDirectory ?? false };
}

/** The path of a dropped file in the desktop app; null in the browser mode. */
export function desktopPath(file: File): string | null {
  return window.lensFiles?.pathForFile(file) || null;
}

/** A path as the source syntax names it: a folder is an OCI layout, a .tar a docker archive, else a manifest file. */
export function sourceForPath(path: string, isDirectory: boolean): string {
  if (isDirectory) return `oci:${path}`;
  if (/\.tar$/i.test(path)) return `docker-archive:${path}`;
  return path;
}

/** The call's arguments for a dropped manifest file; refused before reading when it is over the limit. */
export async function droppedManifestArgs({ file, isDirectory }: DroppedItem): Promise<OpenDroppedManifestArgs> {
  if (isDirectory)
    throw new LensCallError(
      'INPUT_INVALID',
      `${file.name} is a folder: a page can read dropped files only; open an OCI layout with Open… (oci:DIR).`,
    );
  if (file.size > DROPPED_MANIFEST_LIMIT) throw new LensCallError('INPUT_INVALID', droppedFileTooLarge(file.name, file.size));
  return { name: file.name, bytesBase64: toBase64(new Uint8Array(await file.arrayBuffer())) };
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  // In slices: String.fromCharCode takes its arguments on the stack.
  for (let at = 0; at < bytes.length; at += 0x8000) binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  return btoa(binary);
}
