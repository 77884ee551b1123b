/**
 * One diffID computation over a gzip layer file, read as a stream the way a registry body arrives, in a
 * process of its own so that its peak RSS is the conversion's alone. Prints one JSON line.
 */
import { createReadStream, statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { computeDiffId } from '../../electron/core/convert/diffIds';

const file = process.argv[2];
if (!file) throw new Error('usage: diffIdRun FILE');
const size = statSync(file).size;
const start = performance.now();
const result = await computeDiffId(createReadStream(file), { expectedSize: size });
const ms = performance.now() - start;
process.stdout.write(`${JSON.stringify({ ms, diffId: result.diffId, size: result.size, peakRssKb: process.resourceUsage().maxRSS })}\n`);
