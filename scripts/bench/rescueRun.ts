/**
 * One schema 1 image's upgrade to schema 2 through the rescue's own code path: convertImage of a registry
 * source (what `rescue` and `push` call), which streams every layer through computeDiffId, LAYER_STREAMS
 * at once. In a process of its own so that its peak RSS is the rescue's alone. Prints one JSON line.
 */
import { performance } from 'node:perf_hooks';
import { createCore } from '../../electron/core/handlers';
import { convertImage } from '../../electron/core/operations/convertImage';
import { openRegistrySource } from '../../electron/core/sources/registrySource';
import { ownUsage } from './ownUsage';

const [registry, repository, tag] = process.argv.slice(2);
if (!registry || !repository || !tag) throw new Error('usage: rescueRun HOST REPOSITORY TAG');
const core = createCore({ mode: 'browser' });
try {
  const reference = { registry, repository, tag, digest: null };
  const source = openRegistrySource(core.clientFor(reference), reference, tag);
  const start = performance.now();
  const converted = await convertImage(source, { to: 'v2s2' });
  const ms = performance.now() - start;
  const config = JSON.parse(Buffer.from(converted.config!.bytes).toString('utf8')) as { rootfs: { diff_ids: string[] } };
  process.stdout.write(`${JSON.stringify({ ms, diffIds: config.rootfs.diff_ids, ...ownUsage() })}\n`);
} finally {
  await core.close();
}
