/**
 * The handler table: one async function per call of shared/api.ts. Electron IPC, the browser mode and
 * the CLI all call these, so every shell runs the same core. No import of 'electron' here.
 */
import { join } from 'node:path';
import {
  api,
  type AppInfo,
  type CallName,
  type Envelope,
  type OperationProgress,
  type ParsedArgsOf,
  type ResultOf,
} from '../../shared/api';
import type { CapturedExchange } from '../../shared/exchange';
import { LensError, toWireError } from './errors';
import { inspectReference } from './operations/inspect';
import { inspectSource } from './operations/inspectSource';
import { convertImage, convertResult } from './operations/convertImage';
import { progressRecorder } from './progress';
import { loadSigningKey } from './convert/prettyJws';
import { parseOptionalPlatform } from './convert/selectPlatform';
import { acceptRows, negotiateReference, registryReference } from './operations/negotiation';
import { fingerprint, fingerprintReference } from './operations/fingerprint';
import { droppedManifests } from './sources/droppedManifests';
import { sourceSpecOf, withSource } from './sources/openSource';
import { describeImage } from './operations/image';
import { findReferrers } from './operations/referrers';
import { listTags } from './operations/tags';
import { referrerFinder, supplyChainOf } from './operations/supplyChain';
import { Authenticator } from './registry/auth';
import { RegistryClient } from './registry/client';
import { ContentCache } from './registry/contentCache';
import { RequestLedger } from './registry/requestLedger';
import { AppCredentialStore, type AppStoreOptions } from './registry/credentials/appStore';
import { KnownSecrets } from './registry/credentials/knownSecrets';
import { CredentialResolver, defaultCredentialEnvironment } from './registry/credentials/resolve';
import type { CredentialEnvironment } from './registry/credentials/types';
import { registryEndpointHost, parseReference, type Reference } from './registry/reference';
import { Transport, type TransportOptions } from './registry/transport';
import { APP_NAME, APP_VERSION } from './version';
import { folderDestinations, type ExportDestinations } from './export/destinations';
import { exportHandlers } from './operations/export';
import { auditHandlers } from './audit/handlers';
import { AuditSessions } from './audit/sessions';

export interface CoreOptions extends TransportOptions {
  mode: AppInfo['mode'];
  insecureRegistries?: readonly string[];
  /** Where docker's and podman's credential files are looked for; default: this process's env and home. */
  credentialEnvironment?: Partial<CredentialEnvironment>;
  /** The desktop app's safeStorage and the file it encrypts into; absent in the CLI and browser mode. */
  credentialStore?: AppStoreOptions;
  /** Where exports and bundles go: native dialogs in the app, arguments in the CLI; default a Downloads folder. */
  destinations?: ExportDestinations;
  /** The sample image's OCI layout; default resources/sample under the working directory. */
  sampleDir?: string;
  /** Where the UI's audits keep their state and report for the session; default the system's temporary directory. */
  auditDir?: string;
}

export type HandlerTable = { [K in CallName]: (args: ParsedArgsOf<K>) => Promise<ResultOf<K>> };

export interface Core {
  handlers: HandlerTable;
  /** Validates raw arguments from another process and calls the handler; never throws. */
  dispatch(name: string, rawArgs: unknown): Promise<Envelope<unknown>>;
  /** The registry client of a reference's registry, shared with every call (for long walks the CLI drives itself). */
  clientFor(reference: Reference): RegistryClient;
  close(): Promise<void>;
}

export function createCore(options: CoreOptions): Core {
  const transport = new Transport(options);
  const secrets = new KnownSecrets();
  const appCredentials = new AppCredentialStore(options.credentialStore);
  const credentials = new CredentialResolver(appCredentials, defaultCredentialEnvironment(options.credentialEnvironment), secrets);
  const authenticator = new Authenticator({ credentials, secrets });
  const clients = new Map<string, RegistryClient>();
  const cache = new ContentCache();
  const ledger = new RequestLedger();
  const running = new Map<string, AbortController>();
  const progress = new Map<string, OperationProgress>();
  const audits = new AuditSessions(options.auditDir);
  const destinations = options.destinations ?? folderDestinations();

  /** One client per registry, so every call to it shares its connections, tokens and the session's content cache. */
  const clientFor = (reference: Reference) => {
    const host = registryEndpointHost(reference);
    let client = clients.get(host);
    if (!client) {
      client = new RegistryClient(host, { transport, authenticator, cache, ledger, insecureRegistries: options.insecureRegistries });
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
        if (sourceSpecOf(args.reference).transport !== 'registry')
          return withSource(args.reference, { clientFor }, (source) => inspectSource(source, args));
        const reference = parseReference(args.reference);
        const exchanges: CapturedExchange[] = [];
        return inspectReference(clientFor(reference), reference, args.reference, {
          accept: args.accept,
          method: args.method,
          platform: args.platform,
          signal,
          onExchange: (e) => exchanges.push(e),
          exchanges,
        });
      }),

    image: (args) =>
      cancellable(args.requestId, (signal) => {
        const reference = parseReference(args.reference);
        return describeImage(clientFor(reference), reference, args.reference, { digest: args.digest, signal });
      }),

    tags: (args) =>
      cancellable(args.requestId, (signal) => {
        const reference = parseReference(args.reference);
        return listTags(clientFor(reference), reference, { pageSize: args.pageSize, cursor: args.cursor, signal });
      }),

    referrers: (args) =>
      cancellable(args.requestId, (signal) => {
        const reference = parseReference(args.reference);
        return findReferrers(clientFor(reference), reference, { digest: args.digest, artifactType: args.artifactType, signal });
      }),

    convert: (args) =>
      cancellable(args.requestId, async (signal) => {
        if (args.signingKey !== undefined && args.to !== 'v2s1')
          throw new LensError('USAGE', 'A signing key applies only to the v2s1 format.');
        if (args.ociConfig !== undefined && args.to !== 'oci')
          throw new LensError('USAGE', 'The OCI config choice applies only to the oci format.');
        const platform = parseOptionalPlatform(args.platform);
        const signingKey = args.signingKey === undefined ? undefined : loadSigningKey(args.signingKey);
        const onProgress = args.requestId === undefined ? undefined : progressRecorder(progress, args.requestId);
        try {
          return await withSource(args.source, { clientFor, configFile: args.config ?? null }, async (source) => {
            const exchanges: CapturedExchange[] = [];
            const converted = await convertImage(source, {
              to: args.to,
              platform,
              signingKey,
              ociConfig: args.ociConfig,
              signal,
              onProgress,
              onExchange: (e) => exchanges.push(e),
            });
            return { ...convertResult(args.source, converted), exchanges };
          });
        } finally {
          if (args.requestId !== undefined) progress.delete(args.requestId);
        }
      }),

    negotiate: (args) =>
      cancellable(args.requestId, (signal) => {
        const reference = registryReference(args.reference);
        const client = clientFor(reference);
        const exchanges: CapturedExchange[] = [];
        const options = {
          rows: acceptRows(args.acceptSets),
          method: args.method,
          signal,
          onExchange: (e: CapturedExchange) => exchanges.push(e),
        };
        return negotiateReference(client, reference, args.reference, options).then((result) => ({ ...result, exchanges }));
      }),

    fingerprint: (args) =>
      cancellable(args.requestId, (signal) => {
        const reference = fingerprintReference(args.reference);
        return fingerprint(clientFor(reference), reference, args.reference, { signal });
      }),
    requestLedger: async () => ({ registries: ledger.view() }),

    supplyChain: (args) =>
      cancellable(args.requestId, (signal) =>
        withSource(args.source, { clientFor }, (source) =>
          supplyChainOf(source, referrerFinder(sourceSpecOf(args.source), source, clientFor), {
            reference: args.source,
            keys: args.keys,
            trustedRoot: args.trustedRoot,
            policy: { identity: args.certificateIdentity, issuer: args.certificateOidcIssuer },
            platform: parseOptionalPlatform(args.platform),
            signal,
          }),
        ),
      ),

    progress: async ({ requestId }) => ({ progress: progress.get(requestId) ?? null }),

    cancel: async ({ requestId }) => {
      const controller = running.get(requestId);
      controller?.abort();
      return { cancelled: Boolean(controller) };
    },

    credentialStatus: () => appCredentials.status(),

    setCredentials: async ({ registry, username, password, remember }) => {
      secrets.add(password);
      await appCredentials.set(registry, { kind: 'password', username, password }, remember);
      return appCredentials.status();
    },

    forgetCredentials: async ({ registry }) => {
      await appCredentials.forget(registry);
      return appCredentials.status();
    },

    ...auditHandlers({
      clientFor,
      cancellable,
      progress: (requestId, value) => (value ? progress.set(requestId, value) : progress.delete(requestId)),
      sessions: audits,
      destinations,
    }),

    ...exportHandlers({
      clientFor,
      cancellable,
      secrets,
      ledger: () => ledger.view(),
      insecureRegistries: options.insecureRegistries ?? [],
      destinations,
      sampleDir: options.sampleDir ?? join(process.cwd(), 'resources', 'sample'),
      dropped: droppedManifests(),
      progress: (requestId, value) => {
        if (value) progress.set(requestId, value);
        else progress.delete(requestId);
      },
    }),
  };

  const dispatch = async (name: string, rawArgs: unknown): Promise<Envelope<unknown>> => {
    try {
      if (!Object.hasOwn(api, name)) throw new LensError('USAGE', `Unknown call: ${name}`);
      const call = name as CallName;
      const args = api[call].args.parse(rawArgs ?? {});
      const handler = handlers[call] as (a: unknown) => Promise<unknown>;
      return { ok: true, value: await handler(args) };
    } catch (e) {
      const error = toWireError(e);
      // Messages may quote a helper or a token server; none may carry a secret across the boundary.
      const detail = error.detail === undefined ? {} : { detail: secrets.scrub(error.detail) };
      return { ok: false, error: { ...error, message: secrets.scrub(error.message), ...detail } };
    }
  };

  const close = async () => {
    await Promise.all([transport.close(), audits.close()]);
  };
  return { handlers, dispatch, clientFor, close };
}
