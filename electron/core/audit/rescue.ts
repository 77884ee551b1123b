/**
 * The schema 1 rescue: every schema 1 tag an audit of the registry (or prefix) finds (or each of the
 * images chosen, HEADed first to see it still serves schema 1) is converted to
 * schema 2 or OCI by the same push the `push` command makes (its layers streamed once for their
 * diffIDs, the new config uploaded, the layers already there), to the same tag (in place) or the tag
 * with a suffix, and confirmed by a HEAD that the tag now serves the new type and digest. A dry run
 * reads each manifest and HEADs its layers for their sizes, and writes nothing.
 */
import type { RescueEntry, RescueReport } from '../../../shared/audit';
import { isSchema1Kind, type TagRow } from '../../../shared/auditReport';
import type { CapturedExchange } from '../../../shared/exchange';
import { MANIFEST_MEDIA_TYPES } from '../../../shared/mediaTypes';
import { pushImage } from '../export/push';
import { layersNeedingDiffIds } from '../convert/upgradeFromSchema1';
import { LensError, toWireError } from '../errors';
import { expectOk, type RegistryClient } from '../registry/client';
import { header } from '../registry/transport';
import { openRegistrySource } from '../sources/registrySource';
import { DEFAULT_CONCURRENCY, runAudit, type AuditOptions } from './audit';
import { eachOf, mapBounded } from '../bounded';
import { RequestBudget } from './budget';
import { auditTag } from './tagAudit';
import { splitRepositoryTag } from './target';
import { underPrefix } from './walk';
import { mediaTypeOf } from './classify';
import { loadRescueState, saveRescueState } from './rescueState';

export type RescueTarget = 'v2s2' | 'oci';

export interface RescueOptions extends Pick<AuditOptions, 'registry' | 'prefix' | 'maxRps' | 'signal' | 'onProgress'> {
  to: RescueTarget;
  dryRun: boolean;
  /** Appended to each tag for the rescued copy; null rescues in place (the old manifest stays by digest). */
  tagSuffix: string | null;
  concurrency?: number;
  /** Records each image rescued (or kept), so that a run again skips them. */
  statePath?: string;
  /** `repository:tag` of the images to rescue (each HEADed to see it still serves schema 1); default every schema 1 tag an audit finds. */
  images?: readonly string[];
}

const plannedRequests = (layers: number) => 1 + 1 + 2 * layers + 3 + 1 + 1;

/** What the rescue of one tag takes: its schema 1 manifest read, its layers' sizes HEADed. */
async function plan(client: RegistryClient, row: TagRow, destination: string, options: RescueOptions): Promise<RescueEntry> {
  const source = openRegistrySource(
    client,
    { registry: options.registry, repository: row.repository, tag: row.tag, digest: null },
    row.tag,
  );
  const manifest = await source.manifest({ signal: options.signal });
  const layers = layersNeedingDiffIds(manifest.bytes);
  const sizes = await Promise.all(
    layers.map(async (digest) => {
      const head = expectOk(await client.blobHead(row.repository, digest, { signal: options.signal }), `Layer ${digest}`);
      const length = header(head.headers, 'content-length');
      return length === null ? null : Number(length);
    }),
  );
  return {
    image: `${row.repository}:${row.tag}`,
    from: { mediaType: manifest.mediaType, digest: manifest.digest },
    destination,
    outcome: 'planned',
    to: null,
    layers: layers.length,
    layerBytes: sizes.every((s) => s !== null) ? sizes.reduce<number>((a, s) => a + (s ?? 0), 0) : null,
    bytesStreamed: 0,
    requests: plannedRequests(layers.length),
    durationMs: 0,
    reason: null,
  };
}

/** Pushes the upgrade and checks with a HEAD accepting every type that the tag serves it. */
async function rescueOne(client: RegistryClient, planned: RescueEntry, row: TagRow, options: RescueOptions): Promise<RescueEntry> {
  const started = Date.now();
  const tag = planned.destination.slice(row.repository.length + 1);
  let bytesStreamed = 0;
  const onExchange = (e: CapturedExchange) => {
    if (e.purpose === 'blob' && e.method === 'GET' && e.status === 200) bytesStreamed += e.bodySize;
  };
  const reference = { registry: options.registry, repository: row.repository, tag: row.tag, digest: null };
  const result = await pushImage(openRegistrySource(client, reference, row.tag), client, {
    destination: { ...reference, tag },
    format: options.to,
    // In place overwrites the schema 1 tag by definition; a suffixed tag that exists is left alone.
    force: options.tagSuffix === null,
    signal: options.signal,
    onExchange,
  });
  const done = { ...planned, bytesStreamed, durationMs: Date.now() - started };
  if (result.outcome === 'exists') {
    return {
      ...done,
      outcome: 'skipped',
      reason: `${planned.destination} exists (${result.existing.digest ?? 'digest unknown'}); it was kept.`,
    };
  }
  const head = await client.manifest(row.repository, tag, { method: 'HEAD', accept: MANIFEST_MEDIA_TYPES }, { signal: options.signal });
  const served = { mediaType: mediaTypeOf(header(head.headers, 'content-type')), digest: header(head.headers, 'docker-content-digest') };
  const to = { mediaType: result.mediaType, digest: result.digest };
  if (head.status !== 200 || served.mediaType !== to.mediaType || served.digest !== to.digest) {
    const now = `${head.status} ${served.mediaType ?? '(no type)'} ${served.digest ?? '(no digest)'}`;
    return { ...done, outcome: 'failed', to, reason: `pushed ${to.digest}, but the tag now answers ${now}.` };
  }
  return { ...done, outcome: 'rescued', to };
}

/** One image's entry: planned, rescued or kept, or failed with the reason (a cancellation is thrown). */
async function rescueOrExplain(client: RegistryClient, row: TagRow, options: RescueOptions): Promise<RescueEntry> {
  const destination = destinationOf(row, options);
  try {
    const planned = await plan(client, row, destination, options);
    return options.dryRun ? planned : await rescueOne(client, planned, row, options);
  } catch (e) {
    const why = toWireError(e);
    if (why.code === 'CANCELLED') throw e;
    return notRescued(row, destination, 'failed', why.message);
  }
}

/** The entry of an image nothing was written for, and why. */
function notRescued(row: TagRow, destination: string, outcome: 'skipped' | 'failed', reason: string): RescueEntry {
  return {
    image: `${row.repository}:${row.tag}`,
    from: { mediaType: row.mediaType ?? '', digest: row.digest },
    destination,
    outcome,
    to: null,
    layers: 0,
    layerBytes: null,
    bytesStreamed: 0,
    requests: 0,
    durationMs: 0,
    reason,
  };
}

const destinationOf = (row: TagRow, options: RescueOptions) => `${row.repository}:${row.tag}${options.tagSuffix ?? ''}`;

/**
 * The chosen images as they are now: each HEADed as the audit does (one request, every type in Accept).
 * Those that serve schema 1 are to be rescued; the others are reported skipped with what they serve.
 */
async function chosenRows(client: RegistryClient, images: readonly string[], options: RescueOptions) {
  const outside = images.find((image) => !underPrefix(splitRepositoryTag(image).repository, options.prefix));
  if (outside !== undefined) throw new LensError('USAGE', `${outside} is not under ${options.registry}/${options.prefix}.`);
  const budget = new RequestBudget({ maxRps: options.maxRps, signal: options.signal });
  const rows = await mapBounded([...new Set(images)], options.concurrency ?? DEFAULT_CONCURRENCY, (image) => {
    const { repository, tag } = splitRepositoryTag(image);
    return auditTag({ client, budget, deep: false, signal: options.signal }, repository, tag);
  });
  const skipped = rows
    .filter((row) => !isSchema1Kind(row.kind))
    .map((row) => {
      const serves = row.mediaType === null ? row.flags.join('; ') : `it serves ${row.mediaType}`;
      return notRescued(row, destinationOf(row, options), 'skipped', `${serves}, not schema 1: nothing to rescue.`);
    });
  return { found: rows.filter((row) => isSchema1Kind(row.kind)), skipped };
}

/** Every schema 1 tag an audit of the registry (or prefix) finds, but those `done` names. */
async function auditedRows(client: RegistryClient, options: RescueOptions, done: ReadonlySet<string>) {
  const found: TagRow[] = [];
  await runAudit(client, {
    registry: options.registry,
    prefix: options.prefix,
    maxRps: options.maxRps,
    concurrency: options.concurrency,
    signal: options.signal,
    onProgress: options.onProgress,
    onRow: (row) => {
      if (isSchema1Kind(row.kind) && !done.has(`${row.repository}:${row.tag}`)) found.push(row);
    },
  });
  return { found, skipped: [] };
}

export async function runRescue(client: RegistryClient, options: RescueOptions): Promise<RescueReport> {
  if (options.tagSuffix !== null && !/^[\w.-]{1,64}$/.test(options.tagSuffix))
    throw new LensError('USAGE', '--tag-suffix takes letters, digits, _, . and - (a tag is at most 128 of them).');
  const job = `${options.prefix ? `${options.registry}/${options.prefix}` : options.registry} --to ${options.to} ${options.tagSuffix === null ? '--in-place' : `--tag-suffix ${options.tagSuffix}`}`;
  const state = options.statePath && !options.dryRun ? await loadRescueState(options.statePath, job) : null;
  const done = new Set(state?.done.map((e) => e.image));
  const { found, skipped } = options.images
    ? await chosenRows(
        client,
        options.images.filter((image) => !done.has(image)),
        options,
      )
    : await auditedRows(client, options, done);
  found.sort((a, b) => (a.repository === b.repository ? a.tag.localeCompare(b.tag) : a.repository.localeCompare(b.repository)));
  const images: RescueEntry[] = [...(state?.done ?? []), ...skipped];
  // Saves one after another, so that an older snapshot is never renamed over a newer one.
  let saved = Promise.resolve();
  await eachOf(found, options.concurrency ?? 4, async (row) => {
    const entry = await rescueOrExplain(client, row, options);
    images.push(entry);
    if (!state || !options.statePath || (entry.outcome !== 'rescued' && entry.outcome !== 'skipped')) return;
    state.done.push(entry);
    const snapshot = JSON.stringify(state);
    const path = options.statePath;
    saved = saved.then(() => saveRescueState(path, snapshot));
    await saved;
  });
  images.sort((a, b) => a.image.localeCompare(b.image));
  return { registry: options.registry, to: options.to, dryRun: options.dryRun, images };
}
