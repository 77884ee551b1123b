/**
 * The requests a docker-registry served, read from its access log (distribution writes one Apache
 * combined-format line per request at log level info). Lines are written after each answer, so a marker
 * request sent once the work is done shows when every earlier line is in the log.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RunningRegistry } from './registry';

export interface ServedRequest {
  method: string;
  path: string;
  status: number;
}

const LINE = /"(GET|HEAD|PUT|POST|PATCH|DELETE) (\S+) HTTP\/[\d.]+" (\d{3}) /g;
const SETTLE_TIMEOUT_MS = 5_000;

export function servedRequests(log: string): ServedRequest[] {
  return [...log.matchAll(LINE)].map((m) => ({ method: m[1]!, path: m[2]!, status: Number(m[3]) }));
}

/** Counts what the registry serves from now on; `take()` returns what came since the last take. */
export function accessCounter(registry: RunningRegistry) {
  let seen = servedRequests(registry.logs()).length;
  return {
    async take(): Promise<ServedRequest[]> {
      const marker = `/v2/lens/marker-${randomBytes(6).toString('hex')}/tags/list`;
      await fetch(registry.url + marker).then((r) => r.arrayBuffer());
      const deadline = Date.now() + SETTLE_TIMEOUT_MS;
      for (;;) {
        const all = servedRequests(registry.logs());
        const at = all.findIndex((r, i) => i >= seen && r.path === marker);
        if (at >= 0) {
          const taken = all.slice(seen, at).concat(all.slice(at + 1));
          seen = all.length;
          return taken;
        }
        if (Date.now() > deadline) throw new Error(`docker-registry did not log ${marker} within ${SETTLE_TIMEOUT_MS} ms`);
        await sleep(20);
      }
    },
  };
}

/** `GET manifest 200` style lines, one per request, for readable assertions. */
export function describeRequests(requests: readonly ServedRequest[]): string[] {
  return requests.map((r) => `${r.method} ${kindOf(r.path)} ${r.status}`);
}

function kindOf(path: string): string {
  if (path === '/v2/') return 'ping';
  if (/\/manifests\//.test(path)) return 'manifest';
  if (/\/blobs\//.test(path)) return 'blob';
  if (/\/tags\/list/.test(path)) return 'tags';
  return path;
}

/** Counts by method, as an audit's summary gives them (token requests go to another server). */
export function countByMethod(requests: readonly ServedRequest[]): { GET: number; HEAD: number } {
  return {
    GET: requests.filter((r) => r.method === 'GET').length,
    HEAD: requests.filter((r) => r.method === 'HEAD').length,
  };
}
