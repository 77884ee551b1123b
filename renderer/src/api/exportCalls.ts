/**
 * react-query mutations for the calls that open offline sources and write files or registries: each is
 * something the user asks for once (a click), not data to cache. Where files go is the core's question
 * to its shell (a native dialog in the app, a Downloads folder in the browser mode); the page never names
 * a path.
 */
import { useMutation } from '@tanstack/react-query';
import type { ArgsOf } from '../../../shared/api';
import { desktopPath, droppedManifestArgs, sourceForPath, type DroppedItem } from '../lib/droppedFile';
import { showSource } from '../lib/shownSource';
import { callLens } from './client';

export function useOpenSample() {
  return useMutation({ mutationFn: () => callLens('openSample', {}), onSuccess: showSource });
}

export function useOpenSource() {
  return useMutation({ mutationFn: (source: string) => callLens('openSource', { source }), onSuccess: showSource });
}

/** A file dropped onto the window: by its path in the desktop app, by its bytes in the browser mode. */
export function useOpenDropped() {
  return useMutation({
    mutationFn: async (item: DroppedItem) => {
      const path = desktopPath(item.file);
      if (path !== null) return callLens('openSource', { source: sourceForPath(path, item.isDirectory) });
      return callLens('openDroppedManifest', await droppedManifestArgs(item));
    },
    onSuccess: showSource,
  });
}

export function useExportFormat() {
  return useMutation({ mutationFn: (args: ArgsOf<'exportFormat'>) => callLens('exportFormat', args) });
}

export function useExportAll() {
  return useMutation({ mutationFn: (args: ArgsOf<'exportAll'>) => callLens('exportAll', args) });
}

export function useSaveBlob() {
  return useMutation({ mutationFn: (args: ArgsOf<'saveBlob'>) => callLens('saveBlob', args) });
}

export function useBundle() {
  return useMutation({ mutationFn: (args: ArgsOf<'bundle'>) => callLens('bundle', args) });
}

/** A push under `requestId`, so its progress can be followed with the `progress` call. */
export function usePush() {
  return useMutation({ mutationFn: (args: ArgsOf<'push'> & { requestId: string }) => callLens('push', args) });
}
