/**
 * The calls the renderer makes for one Inspect, made through the handler table: the inspection by the
 * reference typed, then the image details and every default format pane of what was served, by the
 * reference the renderer pins to the digest the inspection answered. Tests and the bench count what
 * this costs a registry without a browser.
 */
import type { Core } from '../../electron/core/handlers';
import type { CallName, ResultOf } from '../../shared/api';
import { MANIFEST_MEDIA_TYPES, type FormatId } from '../../shared/mediaTypes';
import { pinnedReference } from '../../renderer/src/api/pinned';
import { defaultPanes } from '../../renderer/src/lib/panes';

export async function call<K extends CallName>(core: Core, name: K, args: unknown): Promise<ResultOf<K>> {
  const envelope = await core.dispatch(name, args);
  if (!envelope.ok) throw new Error(`${name}: ${envelope.error.message}`);
  return envelope.value as ResultOf<K>;
}

/** One Inspect with the default Accept set and the default panes; answers the format panes it showed. */
export async function uiInspect(core: Core, reference: string): Promise<FormatId[]> {
  const request = { reference, accept: [...MANIFEST_MEDIA_TYPES], method: 'GET' as const };
  const result = await call(core, 'inspect', request);
  const subject = pinnedReference(request, result);
  const panes = [...defaultPanes(result.contentType)].filter((p): p is FormatId => p !== 'as-served');
  await Promise.all([call(core, 'image', { reference: subject }), ...panes.map((to) => call(core, 'convert', { source: subject, to }))]);
  return panes;
}
