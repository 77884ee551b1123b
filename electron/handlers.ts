/**
 * The handler table: one async function per call of shared/api.ts. Electron IPC, the browser mode and
 * the CLI all call these, so every shell runs the same core. No import of 'electron' here.
 */
import { api, type AppInfo, type CallName, type Envelope, type ParsedArgsOf, type ResultOf } from '../shared/api';
import type { CapturedExchange } from '../shared/exchange';
import { LensError, toWireError } from './errors';
import { inspectReference } from './inspect';
import { Authenticator } from './registry/auth';
import { RegistryClient } from './registry/client';
import { registryEndpointHost, parseReference } from './registry/reference';
import { Transport, type TransportOptions } from './registry/transport';
import { APP_NAME, APP_VERSION } from './version';

export interface CoreOptions extends TransportOptions {
  mode: AppInfo['mode'];
  insecureRegistries?: readonly string[];
}

export type HandlerTable = { [K in CallName]: (args: ParsedArgsOf<K>) => Promise<ResultOf<K>> };

export interface Core {
  handlers: HandlerTable;
  /** Validates raw arguments from another process and calls the handler; never throws. */
  dispatch(name: string, rawArgs: unknown): Promise<Envelope<unknown>>;
  close(): Promise<void>;
}

export function createCore(options: CoreOptions): Core {
  const transport = new Transport(options);
  const authenticator = new Authenticator();
  const clients = new Map<string, RegistryClient>();
  const running = new Map<string, AbortController>();

  const clientFor = (host: string) => {
    let client = clients.get(host);
    if (!client) {
      client = new RegistryClient(host, { transport, authenticator, insecureRegistries: options.insecureRegistries });
      clients.set(host, client);
    }
    return client;
  };

  /** Runs `work` under an AbortController that `cancel({requestId})` can reach. */
  const cancellable = async <T>(requestId: string | undefined, work: (signal: AbortSignal) => Promise<T>) => {
    const controller = new AbortController();
    if (requestId) {
      running.get(requestId)?.abort();
      running.set(requestId, controller);
    }
    try {
      return await work(controller.signal);
    } finally {
      if (requestId && running.get(requestId) === controller) running.delete(requestId);
    }
  };

  const handlers: HandlerTable = {
    appInfo: async () => ({ name: APP_NAME, version: APP_VERSION, mode: options.mode }),

    inspect: (args) =>
      cancellable(args.requestId, (signal) => {
        const reference = parseReference(args.reference);
        const exchanges: CapturedExchange[] = [];
        const client = clientFor(registryEndpointHost(reference));
        return inspectReference(client, reference, args.reference, {
          accept: args.accept,
          method: args.method,
          signal,
          onExchange: (e) => exchanges.push(e),
          exchanges,
        });
      }),

    cancel: async ({ requestId }) => {
      const controller = running.get(requestId);
      controller?.abort();
      return { cancelled: Boolean(controller) };
    },
  };

  const dispatch = async (name: string, rawArgs: unknown): Promise<Envelope<unknown>> => {
    try {
      if (!Object.hasOwn(api, name)) throw new LensError('USAGE', `Unknown call: ${name}`);
      const call = name as CallName;
      const args = api[call].args.parse(rawArgs ?? {});
      const handler = handlers[call] as (a: unknown) => Promise<unknown>;
      return { ok: true, value: await handler(args) };
    } catch (e) {
      return { ok: false, error: toWireError(e) };
    }
  };

  return { handlers, dispatch, close: () => transport.close() };
}
