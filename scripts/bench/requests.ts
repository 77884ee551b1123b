/**
 * What each workload costs a registry, counted by docker-registry's own access log and the token
 * server's record, beside `skopeo inspect` of the same image in the same run: anonymous and with
 * token auth. Also the negotiation matrix's wall time against one manifest HEAD. Prints one JSON
 * document for scripts/bench-requests.mjs.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { runCli } from '../../electron/cli/cli';
import { createCore, type CoreOptions } from '../../electron/core/handlers';
import { accessCounter, type ServedRequest } from '../../test/support/accessLog';
import { findComponent, missingMessage } from '../../test/support/components';
import { pushSampleImages } from '../../test/support/images';
import { startRegistry, type RunningRegistry } from '../../test/support/registry';
import { startTokenServer, type RunningTokenServer } from '../../test/support/tokenServer';
import { call, uiInspect } from '../../test/support/uiCalls';

const REPO = 'lens/requests';
const execFileAsync = promisify(execFile);

interface Count {
  gets: number;
  heads: number;
  /** 401 answers: the registry asking for authentication. */
  challenges: number;
  tokens: number;
}

interface Figure {
  registry: 'anonymous' | 'token auth';
  workload: string;
  ours: Count;
  skopeo: Count | null;
}

function counted(requests: readonly ServedRequest[], tokens: number): Count {
  const answered = requests.filter((r) => r.status !== 401);
  return {
    gets: answered.filter((r) => r.method === 'GET').length,
    heads: answered.filter((r) => r.method === 'HEAD').length,
    challenges: requests.length - answered.length,
    tokens,
  };
}

interface Setup {
  registry: RunningRegistry;
  tokens: RunningTokenServer | null;
  options: CoreOptions;
  label: Figure['registry'];
}

/** Runs `work` and counts what the registry and its token server saw meanwhile. */
async function measure(setup: Setup, work: () => Promise<unknown>): Promise<Count> {
  const counter = accessCounter(setup.registry);
  await counter.take();
  const before = setup.tokens?.requests.length ?? 0;
  await work();
  const requests = await counter.take();
  return counted(requests, (setup.tokens?.requests.length ?? 0) - before);
}

/** Asynchronous: the token server skopeo asks runs in this process and must keep answering. */
async function skopeoInspect(skopeo: string, reference: string): Promise<void> {
  await execFileAsync(skopeo, ['inspect', '--tls-verify=false', `docker://${reference}`]);
}

async function cliRun(options: CoreOptions, ...argv: string[]): Promise<void> {
  const ca = options.caFile ? ['--ca-file', options.caFile] : [];
  const code = await runCli([...argv, ...ca], { stdout: () => undefined, stderr: () => undefined });
  if (code !== 0) throw new Error(`manifest-lens ${argv.join(' ')} exited with ${code}`);
}

async function workloads(setup: Setup, skopeo: string): Promise<Figure[]> {
  const ref = (tag: string) => `${setup.registry.host}/${REPO}:${tag}`;
  const figures: Figure[] = [];
  const add = async (workload: string, ours: () => Promise<unknown>, skopeoRef: string | null) =>
    figures.push({
      registry: setup.label,
      workload,
      ours: await measure(setup, ours),
      skopeo: skopeoRef === null ? null : await measure(setup, () => skopeoInspect(skopeo, skopeoRef)),
    });

  const core = createCore(setup.options);
  try {
    await add('UI Inspect, schema 2 by tag, cold', () => uiInspect(core, ref('schema2')), ref('schema2'));
    await add('UI Inspect, schema 2 by tag, warm', () => uiInspect(core, ref('schema2')), ref('schema2'));
    await add('UI Inspect, manifest list by tag, cold', () => uiInspect(core, ref('list')), ref('list'));
    await add('Negotiation view after Inspect (HEAD)', () => call(core, 'negotiate', { reference: ref('schema2') }), null);
  } finally {
    await core.close();
  }
  await add('CLI inspect', () => cliRun(setup.options, 'inspect', ref('schema2')), ref('schema2'));
  await add('CLI convert --to v2s1', () => cliRun(setup.options, 'convert', ref('schema2'), '--to', 'v2s1'), ref('schema2'));
  await add('CLI negotiate (HEAD)', () => cliRun(setup.options, 'negotiate', ref('schema2')), null);
  return figures;
}

/** What a distant registry adds to every request; loopback alone measures CPU, not waiting. */
const ADDED_LATENCY_MS = 50;

/** A loopback TCP relay to `target` that holds each chunk of every request for ADDED_LATENCY_MS. */
async function latencyRelay(target: RunningRegistry): Promise<{ host: string; close(): void }> {
  const [hostname, port] = target.host.split(':') as [string, string];
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(Number(port), hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => socket.destroy());
      socket.on('close', () => sockets.delete(socket));
    }
    client.on('data', (chunk) => setTimeout(() => upstream.write(chunk), ADDED_LATENCY_MS));
    client.on('end', () => setTimeout(() => upstream.end(), ADDED_LATENCY_MS));
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}

/**
 * The whole matrix's wall time against one HEAD of the manifest, the best of several runs each, through
 * a relay that adds ADDED_LATENCY_MS to every request as a registry across a network would.
 */
async function negotiationTiming(setup: Setup): Promise<{ matrixMs: number; oneHeadMs: number; addedLatencyMs: number }> {
  const relay = await latencyRelay(setup.registry);
  const core = createCore(setup.options);
  const best = async (work: () => Promise<unknown>) => {
    let fastest = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      await work();
      fastest = Math.min(fastest, performance.now() - start);
    }
    return fastest;
  };
  try {
    const reference = `${relay.host}/${REPO}:schema2`;
    // Warm: the stored manifest and its config are in hand, so only the rows' requests are timed.
    await call(core, 'negotiate', { reference });
    const oneHeadMs = await best(() => call(core, 'inspect', { reference, accept: [], method: 'HEAD' }));
    const matrixMs = await best(() => call(core, 'negotiate', { reference }));
    return { matrixMs, oneHeadMs, addedLatencyMs: ADDED_LATENCY_MS };
  } finally {
    await core.close();
    relay.close();
  }
}

const skopeo = findComponent('skopeo');
if (!skopeo || !findComponent('docker-registry')) throw new Error(missingMessage(skopeo ? 'docker-registry' : 'skopeo'));
const dir = await mkdtemp(join(tmpdir(), 'manifest-lens-bench-requests-'));
const anonymous = await startRegistry();
const tokens = await startTokenServer({ dir, anonymous: { [REPO]: ['pull', 'push'] } });
const authed = await startRegistry({ auth: tokens.registryAuth() });
try {
  await pushSampleImages(anonymous.url, REPO);
  const push = { authorization: `Bearer ${await tokens.mint('bench', [{ type: 'repository', name: REPO, actions: ['pull', 'push'] }])}` };
  await pushSampleImages(authed.url, REPO, push);
  const home = { env: {}, home: dir };
  const setups: Setup[] = [
    { registry: anonymous, tokens: null, options: { mode: 'browser', credentialEnvironment: home }, label: 'anonymous' },
    { registry: authed, tokens, options: { mode: 'browser', caFile: tokens.certFile, credentialEnvironment: home }, label: 'token auth' },
  ];
  const figures: Figure[] = [];
  for (const setup of setups) figures.push(...(await workloads(setup, skopeo)));
  const timing = await negotiationTiming(setups[0]!);
  process.stdout.write(`${JSON.stringify({ figures, timing })}\n`);
} finally {
  await Promise.all([anonymous.stop(), authed.stop(), tokens.stop()]);
  await rm(dir, { recursive: true, force: true });
}
