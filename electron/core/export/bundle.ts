/**
 * A support bundle: one .tar.gz with every format of the image, summary.json, the negotiation table,
 * the request log as HAR 1.2, the authentication trace, equivalent commands for other tools, and a
 * Markdown summary for the ticket. Text that leaves the process passes `scrub`, which masks every
 * secret the core has held; manifests are kept byte for byte (they hold none, and their digests must hold).
 */
import type { CapturedExchange } from '../../../shared/exchange';
import type { NegotiateResult } from '../../../shared/conversion';
import type { BundleResult } from '../../../shared/export';
import type { RegistryLedger } from '../../../shared/ledger';
import { supplyChainContract, type SupplyChainResult } from '../../../shared/supplyChain';
import { formatAuthTrace } from '../registry/authTraceText';
import { LensError } from '../errors';
import type { RegistrySource } from '../sources/registrySource';
import type { ImageSource, SourceContext } from '../sources/source';
import type { SourceSpec } from '../sources/sourceSpec';
import { APP_NAME, APP_VERSION } from '../version';
import { convertAllFormats, type AllFormatsOptions } from './convertEveryFormat';
import { writeFileAtomic } from './atomicWrite';
import { bundleMarkdown } from './bundleSummary';
import { commandsScript, equivalentCommands } from './commands';
import { exportSummary, SUMMARY_FILE } from './exportFolder';
import { imageStem, shortDigest } from './fileNames';
import { toHar } from './har';
import { tarGz, type TarFile } from './tarWriter';

export interface BundleOptions extends AllFormatsOptions {
  spec: SourceSpec;
  /** The exchanges the source's requests produced (the caller passes the same list to onExchange). */
  exchanges: CapturedExchange[];
  /** The negotiation matrix, for a registry source; its requests go to ctx.onExchange. */
  negotiate: ((ctx: SourceContext) => Promise<NegotiateResult>) | null;
  /** The session's requests per registry, read when the bundle is complete (its own requests included). */
  ledger?: () => RegistryLedger[];
  /** The supply-chain tree (signatures, attestations, SBOMs; nothing verified: no key is given); its requests go to ctx.onExchange. */
  supplyChain: (ctx: SourceContext) => Promise<SupplyChainResult>;
  /** Masks secrets in text. */
  scrub: (text: string) => string;
  insecureRegistries?: readonly string[];
  now?: Date;
}

function isRegistrySource(source: ImageSource): source is RegistrySource {
  return source.kind === 'registry';
}

export interface BundleContents {
  /** The top folder inside the archive, also the name the archive is offered under (plus .tar.gz). */
  name: string;
  files: TarFile[];
}

/** The files of a bundle, under one top folder named after the image and its digest. */
export async function bundleContents(source: ImageSource, options: BundleOptions): Promise<BundleContents> {
  const ctx: SourceContext = { signal: options.signal, onExchange: options.onExchange };
  const { served, conversions } = await convertAllFormats(source, options);
  const summary = exportSummary(source, served, conversions, options.now);

  let negotiation: NegotiateResult | null = null;
  let negotiationSkipped: string | null = null;
  if (!options.negotiate) {
    negotiationSkipped = 'Not measured: an offline source has no registry to ask.';
  } else {
    try {
      negotiation = await options.negotiate(ctx);
    } catch (e) {
      if (!(e instanceof LensError) || e.code === 'CANCELLED') throw e;
      negotiationSkipped = `Not measured: ${e.message}`;
    }
  }
  // A supply chain that cannot be read is said so in its file; the rest of the bundle stands.
  let supplyChain: unknown;
  try {
    const result = await options.supplyChain(ctx);
    supplyChain = { ...supplyChainContract(result), notes: result.notes, tree: result.tree };
  } catch (e) {
    if (!(e instanceof LensError) || e.code === 'CANCELLED') throw e;
    supplyChain = { error: e.message };
  }
  const auth = isRegistrySource(source) ? source.authTrace() : null;
  const challenge = auth?.challenges.find((c) => c.scheme === 'bearer') ?? auth?.challenges.find((c) => c.scheme === 'basic');
  const registryAuth = challenge
    ? { scheme: challenge.scheme as 'basic' | 'bearer', realm: challenge.params.realm, service: challenge.params.service }
    : null;
  const commands = equivalentCommands({
    spec: options.spec,
    input: source.input,
    reference: isRegistrySource(source) ? source.reference : null,
    mediaType: served.mediaType,
    insecureRegistries: options.insecureRegistries,
    registryAuth,
  });
  const { scrub } = options;
  const json = (value: unknown) => scrub(`${JSON.stringify(value, null, 2)}\n`);
  const top = `manifest-lens-bundle.${imageStem(source.name)}.${shortDigest(served.digest)}`;
  const files: TarFile[] = [
    {
      name: 'README.md',
      bytes: scrub(bundleMarkdown({ summary, negotiation, negotiationSkipped, auth, exchanges: options.exchanges, commands })),
    },
    { name: SUMMARY_FILE, bytes: json(summary) },
  ];
  for (const [i, conversion] of conversions.entries()) {
    const entry = summary.formats[i]!;
    if (!conversion.ok || !entry.ok) continue;
    files.push({ name: `formats/${entry.manifest.file}`, bytes: conversion.result.bytes });
    if (entry.config && conversion.result.config)
      files.push({ name: `formats/${entry.config.file}`, bytes: conversion.result.config.bytes });
  }
  if (negotiation) files.push({ name: 'negotiation.json', bytes: json(negotiation) });
  files.push({ name: 'supply-chain.json', bytes: json(supplyChain) });
  files.push({ name: 'requests.har', bytes: json(toHar(options.exchanges, { name: APP_NAME, version: APP_VERSION }, scrub)) });
  if (options.ledger) files.push({ name: 'request-ledger.json', bytes: json(options.ledger()) });
  if (auth) {
    files.push(
      { name: 'auth-trace.json', bytes: json(auth) },
      { name: 'auth-trace.txt', bytes: scrub(`${formatAuthTrace(auth, 'GET')}\n`) },
    );
  }
  files.push({ name: 'commands.sh', bytes: scrub(commandsScript(commands)) });
  return { name: top, files: files.map((f) => ({ ...f, name: `${top}/${f.name}` })) };
}

/**
 * Gathers the bundle, asks `choosePath` where to put it (offering its name), and writes it atomically.
 * A null path means the user cancelled: CANCELLED, and nothing written.
 */
export async function writeSupportBundle(
  source: ImageSource,
  choosePath: (suggestedName: string) => Promise<string | null>,
  options: BundleOptions,
): Promise<BundleResult> {
  const started = Date.now();
  const { name, files } = await bundleContents(source, options);
  const path = await choosePath(`${name}.tar.gz`);
  if (path === null) throw new LensError('CANCELLED', 'The support bundle was not saved.');
  const size = await writeFileAtomic(path, tarGz(files, options.now), { signal: options.signal });
  return { path, size, entries: files.map((f) => f.name), durationMs: Date.now() - started };
}
