/**
 * The handler-table entries for offline sources, exports, support bundles and pushes. handlers.ts
 * spreads them into its table; they reach the registry through the core's per-host clients and ask the
 * shell (never the page) where files go.
 */
import type { RegistryLedger } from '../../../shared/ledger';
import { dirname, join } from 'node:path';
import type { OperationProgress } from '../../../shared/api';
import type { CapturedExchange } from '../../../shared/exchange';
import type { OpenedSource } from '../../../shared/export';
import { FORMATS, type FormatId } from '../../../shared/mediaTypes';
import { convertImage } from './convertImage';
import { parseManifest } from '../convert/manifestTypes';
import { parseOptionalPlatform } from '../convert/selectPlatform';
import { LensError } from '../errors';
import { convertAllFormats, formatOutcome } from '../export/convertEveryFormat';
import { writeFileAtomic } from '../export/atomicWrite';
import { writeSupportBundle } from '../export/bundle';
import type { ExportDestinations } from '../export/destinations';
import { exportAllFormats, sourceInfo } from '../export/exportFolder';
import { blobFileName, exportFileName, imageStem } from '../export/fileNames';
import { verifiedStream } from '../export/verifiedStream';
import { pushImage } from '../export/push';
import type { HandlerTable } from '../handlers';
import { acceptRows, negotiateReference } from './negotiation';
import type { RegistryClient } from '../registry/client';
import type { KnownSecrets } from '../registry/credentials/knownSecrets';
import { sha256Digest } from '../digest';
import { parseReference, type Reference } from '../registry/reference';
import type { DroppedManifests } from '../sources/droppedManifests';
import { sourceSpecOf, withSource } from '../sources/openSource';
import { referrerFinder, supplyChainOf } from './supplyChain';
import type { RegistrySource } from '../sources/registrySource';
import { manifestDigest, type ImageSource } from '../sources/source';

export interface ExportHandlerDeps {
  clientFor(reference: Reference): RegistryClient;
  /** Runs work under an AbortController that `cancel({requestId})` reaches. */
  cancellable<T>(requestId: string | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<T>;
  secrets: KnownSecrets;
  /** The session's requests per registry so far, for support bundles. */
  ledger(): RegistryLedger[];
  insecureRegistries: readonly string[];
  destinations: ExportDestinations;
  /** The OCI layout of the sample image that ships with the app. */
  sampleDir: string;
  /** Publishes (or, with null, clears) an operation's progress for the `progress` call. */
  progress(requestId: string, value: OperationProgress | null): void;
  /** The manifest files dropped onto the page this session. */
  dropped: DroppedManifests;
}

/**
 * The bytes a pane shows, checked to be a manifest of the format they are saved as (and the config, the
 * one that manifest names), so the page can save what it shows and nothing else.
 */
function shownDocument(format: FormatId, document: { bytesBase64: string; configBase64?: string }) {
  const bytes = Buffer.from(document.bytesBase64, 'base64');
  const parsed = parseManifest(bytes);
  const expected = FORMATS.find((f) => f.id === format)!.mediaType;
  if (parsed.mediaType !== expected)
    throw new LensError('INPUT_INVALID', `The document to save is a ${parsed.mediaType}, not a ${expected}.`);
  let config: { bytes: Uint8Array; mediaType: string; digest: string } | null = null;
  if (document.configBase64 !== undefined) {
    const configBytes = Buffer.from(document.configBase64, 'base64');
    const named = parsed.kind === 'schema2' || parsed.kind === 'ociManifest' ? parsed.manifest.config : null;
    if (!named || sha256Digest(configBytes) !== named.digest)
      throw new LensError('INPUT_INVALID', 'The config to save is not the one the manifest names.');
    config = { bytes: configBytes, mediaType: named.mediaType, digest: named.digest };
  }
  return { bytes, mediaType: parsed.mediaType, digest: manifestDigest(bytes, parsed.mediaType), config, notes: [] };
}

export type ExportCalls =
  'openSource' | 'openSample' | 'openDroppedManifest' | 'exportFormat' | 'exportAll' | 'saveBlob' | 'bundle' | 'push';

export function exportHandlers(deps: ExportHandlerDeps): Pick<HandlerTable, ExportCalls> {
  const { clientFor, cancellable } = deps;

  const withArgsSource = <T>(args: { source: string; config?: string }, work: (source: ImageSource) => Promise<T>): Promise<T> =>
    withSource(args.source, { clientFor, configFile: args.config ?? null, dropped: deps.dropped }, work);

  const opened = (args: { source: string; config?: string; platform?: string }, signal?: AbortSignal) =>
    withArgsSource(args, async (source): Promise<OpenedSource> => {
      const { served, conversions } = await convertAllFormats(source, { platform: parseOptionalPlatform(args.platform), signal });
      return {
        source: sourceInfo(source),
        served: {
          mediaType: served.mediaType,
          digest: served.digest,
          size: served.bytes.length,
          signature: served.signature,
          bytesBase64: Buffer.from(served.bytes).toString('base64'),
        },
        formats: conversions.map(formatOutcome),
      };
    });

  return {
    openSource: (args) => cancellable(args.requestId, (signal) => opened(args, signal)),

    // The sample layout holds one image, so it needs no tag.
    openSample: (args) => opened({ source: `oci:${deps.sampleDir}`, platform: args.platform }),

    openDroppedManifest: (args) =>
      cancellable(args.requestId, (signal) =>
        opened({ source: deps.dropped.add(args.name, Buffer.from(args.bytesBase64, 'base64')), platform: args.platform }, signal),
      ),

    exportFormat: (args) =>
      cancellable(args.requestId, (signal) =>
        withArgsSource(args, async (source) => {
          const result = args.document
            ? shownDocument(args.format, args.document)
            : await convertImage(source, { to: args.format, platform: parseOptionalPlatform(args.platform), signal });
          const path = await deps.destinations.saveFile(exportFileName(source.name, args.format, result.digest));
          if (path === null) throw new LensError('CANCELLED', 'The export was not saved.');
          const manifest = {
            path,
            mediaType: result.mediaType,
            digest: result.digest,
            size: await writeFileAtomic(path, result.bytes, { signal }),
          };
          let config = null;
          if (result.config) {
            // A config the conversion created must travel with the manifest: saved beside it.
            const configPath = join(dirname(path), exportFileName(source.name, args.format, result.config.digest, 'config'));
            config = {
              path: configPath,
              mediaType: result.config.mediaType,
              digest: result.config.digest,
              size: await writeFileAtomic(configPath, result.config.bytes, { signal }),
            };
          }
          return { format: args.format, manifest, config, notes: result.notes };
        }),
      ),

    exportAll: (args) =>
      cancellable(args.requestId, (signal) =>
        withArgsSource(args, async (source) => {
          const dir = await deps.destinations.chooseFolder(`manifest-lens-export.${imageStem(source.name)}`);
          if (dir === null) throw new LensError('CANCELLED', 'The export was not saved.');
          return exportAllFormats(source, dir, { platform: parseOptionalPlatform(args.platform), signal });
        }),
      ),

    saveBlob: (args) =>
      cancellable(args.requestId, (signal) =>
        withArgsSource(args, async (source) => {
          const path = await deps.destinations.saveFile(blobFileName(source.name, args.digest));
          if (path === null) throw new LensError('CANCELLED', 'The blob was not saved.');
          const { stream } = await source.blobStream(args.digest, { signal });
          const size = await writeFileAtomic(path, verifiedStream(stream, args.digest), { signal });
          return { path, mediaType: args.mediaType, digest: args.digest, size };
        }),
      ),

    bundle: (args) =>
      cancellable(args.requestId, (signal) =>
        withArgsSource(args, async (source) => {
          const exchanges: CapturedExchange[] = [];
          const registry = source.kind === 'registry' ? (source as RegistrySource) : null;
          const negotiate = registry
            ? (ctx: { signal?: AbortSignal; onExchange?: (e: CapturedExchange) => void }) =>
                negotiateReference(clientFor(registry.reference), registry.reference, source.input, {
                  rows: acceptRows(undefined),
                  // As the Negotiation view asks by default: Docker Hub counts no pull for a HEAD.
                  method: 'HEAD',
                  ...ctx,
                })
            : null;
          const spec = sourceSpecOf(args.source);
          return writeSupportBundle(source, (name) => deps.destinations.saveFile(name), {
            spec,
            exchanges,
            onExchange: (e) => exchanges.push(e),
            negotiate,
            ledger: deps.ledger,
            supplyChain: (ctx) =>
              supplyChainOf(source, referrerFinder(spec, source, clientFor), { reference: source.input, keys: [], ...ctx }),
            scrub: (text) => deps.secrets.scrub(text),
            insecureRegistries: deps.insecureRegistries,
            platform: parseOptionalPlatform(args.platform),
            signal,
          });
        }),
      ),

    push: (args) =>
      cancellable(args.requestId, (signal) => {
        const destination = parseReference(args.destination);
        if (destination.digest) throw new LensError('USAGE', `Push to a tag, not a digest: ${args.destination}.`);
        const requestId = args.requestId;
        return withArgsSource(args, async (source) => {
          try {
            return await pushImage(source, clientFor(destination), {
              destination,
              format: args.format,
              force: args.force,
              platform: parseOptionalPlatform(args.platform),
              signal,
              onProgress:
                requestId === undefined
                  ? undefined
                  : (p) => deps.progress(requestId, { bytesDone: p.bytesDone, layer: p.blobsDone, layers: p.blobsTotal }),
            });
          } finally {
            if (requestId !== undefined) deps.progress(requestId, null);
          }
        });
      }),
  };
}
