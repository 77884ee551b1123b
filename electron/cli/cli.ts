/**
 * manifest-lens, the command line. A thin shell: parse arguments, call the handler table,
 * print. Errors are one line on stderr (detail with --verbose) and an exit code, never a stack trace.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { exitCodeFor } from '../../shared/errors';
import type { ArgsOf, CallName, InspectResult, ResultOf } from '../../shared/api';
import { LensError, toWireError } from '../core/errors';
import { createCore, type Core, type CoreOptions } from '../core/handlers';
import { formatAuthTrace } from '../core/registry/authTraceText';
import { formatInspect } from './inspectText';
import { formatConversion, formatNegotiation, negotiationJson, type ProfileChoice } from './conversionText';
import { fingerprintJson, formatFingerprint } from './fingerprintText';
import { formatSupplyChain } from './supplyChainText';
import { supplyChainContract } from '../../shared/supplyChain';
import { isProfileId, PROFILE_IDS, type ProfileId } from '../../shared/profiles';
import { writeFileAtomic } from '../core/export/atomicWrite';
import { parseReference } from '../core/registry/reference';
import { describeRegistryError } from '../core/registry/errorBody';
import { header } from '../core/registry/transport';
import { FORMATS, MANIFEST_MEDIA_TYPES, type FormatId } from '../../shared/mediaTypes';
import { OCI_CONFIG_MODES, type OciConfigMode } from '../../shared/conversion';
import { startServer } from '../web/serve';
import { formatBundle, formatExportAll, formatPush } from './exportText';
import { folderDestinations, type ExportDestinations } from '../core/export/destinations';
import { APP_VERSION } from '../core/version';
import { findAbove } from '../core/installPaths';
import { readRegularFile } from '../core/regularFile';
import { runAudit } from '../core/audit/audit';
import { runRescue } from '../core/audit/rescue';
import { reportFormatOf } from '../core/audit/report';
import { formatAuditBudget, formatAuditProgress, formatAuditSummary, formatRescue } from './auditText';
import { parseAuditTarget } from '../core/audit/target';

const USAGE = `Usage:
  manifest-lens inspect <source> [--accept TYPE]... [--no-accept] [--head] [--platform OS/ARCH[/VARIANT]]
                       [--json] [--auth-trace]
                       [--username USER --password-stdin]
  manifest-lens convert <source> --to FORMAT [--platform OS/ARCH[/VARIANT]] [--output FILE]
                       [--config FILE] [--config-output FILE] [--signing-key FILE] [--oci-config kept|normalized]
  manifest-lens negotiate <source> [--accept-set LIST]... [--method HEAD|GET] [--profile ID]... [--json]
  manifest-lens fingerprint <reference> [--json]
  manifest-lens supply-chain <source> [--key FILE]... [--trusted-root FILE] [--certificate-identity VALUE]
                       [--certificate-oidc-issuer VALUE] [--platform OS/ARCH[/VARIANT]] [--json]
  manifest-lens export <source> --dir DIR [--platform OS/ARCH[/VARIANT]] [--config FILE]
  manifest-lens bundle <source> [--output FILE] [--platform OS/ARCH[/VARIANT]] [--config FILE]
  manifest-lens push <source> <destination> --to FORMAT [--force] [--platform OS/ARCH[/VARIANT]] [--config FILE]
  manifest-lens serve [--port N] [--export-dir DIR]
  manifest-lens audit <registry>[/<prefix>] [--json] [--deep] [--state FILE] [--concurrency N] [--max-rps N]
                       [--output FILE.json|.csv|.md]
  manifest-lens rescue <registry>[/<prefix>] --to v2s2|oci [--dry-run] [--in-place | --tag-suffix S]
                       [--state FILE] [--concurrency N] [--max-rps N] [--json]

Sources: a registry reference (alpine, 127.0.0.1:5000/team/app:1.0, docker://REF), oci:DIR[:TAG],
  docker-archive:FILE[:REFERENCE|:@INDEX], or a manifest file (--config FILE gives its image config).

inspect: what the registry serves; an offline source shows the manifest as stored, its media type and a
  digest check against the OCI layout's index.json descriptor (for an archive or a file: computed only).
convert: FORMAT is v2s1 (signed), v2s1-unsigned, v2s2, oci, docker-list or oci-index. The manifest goes to
  stdout, or exactly its bytes to --output; what was lost or changed goes to stderr. --config-output writes
  the config a schema 1 rescue or --oci-config normalized creates. A schema 2 image converted to oci keeps
  its config bytes (kept, the default); normalized writes the OCI config skopeo writes (for a schema 1
  rescue to oci too). A list is resolved to its linux/amd64 image (--platform picks
  another) unless the target is a list too.
export: every format, one file each named REFERENCE.FORMAT.SHORTDIGEST.json, and summary.json, into DIR.
bundle: a support bundle (.tar.gz: all formats, negotiation table, HAR request log, auth trace, commands
  for curl/skopeo/crane/regctl/oras, README.md) at --output, or under its own name in this directory.
serve: exports and bundles asked for in the browser go to --export-dir (default ~/Downloads/Manifest Lens).
push: converts to FORMAT and pushes to destination (registry/repository:tag); an existing tag is kept
  unless --force (exit 2 without it).
audit: every tag of the registry's catalog (or of the repositories under prefix) asked for with one HEAD
  accepting every manifest type; schema 1 and what else a puller trips on flagged (--deep reads lists,
  indexes and OCI manifests for linux/amd64 and artifacts). --state FILE resumes a killed audit; --output
  streams one row per tag.
rescue: every schema 1 tag the audit finds, upgraded (its layers streamed once for their diffIDs) and
  pushed to the same tag (--in-place) or tag+S (--tag-suffix S, kept when it exists), then checked by HEAD;
  --dry-run prints the plan (images, layer bytes, requests) and writes nothing; --state FILE records each
  image done, which a run again skips.
negotiate: one row per --accept-set (the Accept value as sent; "" sends none), or the Accept sets docker,
  containerd, podman and crane send; each beside what CNCF distribution 2.8 would answer. Rows are asked
  by HEAD (Docker Hub counts no pull for it); --method GET asks by GET, for a registry whose HEAD answers
  differently, and shows its error codes. Each row also shows what each --profile ID would answer and
  one sentence on why the registry answered that (default: distribution-2 and the fingerprint's choice,
  which costs the fingerprint's HEADs); --json adds "profiles" and "why" to each row.
fingerprint: which registry implementation this is, from at most 16 HEAD requests (nothing written):
  /v2/, the reference under the Accept headers on which implementations differ, the referrers endpoint;
  each behaviour profile scored by agreement. --json prints {best, ranking, requests}.
supply-chain: the index, each platform and what refers to them (signatures, attestations, SBOMs) found by
  the referrers API, the sha256-<hex> referrers tag, cosign's .sig/.att/.sbom tags and BuildKit index entries;
  cosign and DSSE signatures checked with --key public keys (PEM: ECDSA, RSA, Ed25519); keyless sigstore
  bundles verified against --trusted-root (a sigstore trusted_root.json), signed by exactly
  --certificate-identity with --certificate-oidc-issuer when given. Exit 0 whatever the verdicts.
  --json prints {subject, nodes, coverage}.

Authentication (credentials otherwise come from docker's config.json and podman's auth.json):
  --auth-trace                     show the challenge, credential source, token claims and scopes
  --username USER --password-stdin credentials for this run only; the password is read from stdin

Common options:
  --insecure-registry HOST[:PORT]  speak plain HTTP to this registry (repeatable)
  --ca-file FILE                   trust this PEM CA bundle as well as the system's
  --timeout SECONDS                per-request timeout (default 30)
  --verbose                        print error detail
  --help, --version`;

const COMMON = {
  'insecure-registry': { type: 'string', multiple: true },
  'ca-file': { type: 'string' },
  timeout: { type: 'string' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

/** --username USER --password-stdin: session credentials, as inspect, convert and negotiate take them. */
const LOGIN = { username: { type: 'string' }, 'password-stdin': { type: 'boolean' } } as const satisfies ParseArgsConfig['options'];

/** --profile ID...: the profiles named, each once in the order given; undefined when none is. */
function profileOptions(values: readonly string[] | undefined): ProfileId[] | undefined {
  if (!values) return undefined;
  const unknown = values.find((v) => !isProfileId(v));
  if (unknown !== undefined) throw new LensError('USAGE', `Unknown profile "${unknown}": --profile takes ${PROFILE_IDS.join(', ')}.`);
  return [...new Set(values as ProfileId[])];
}

/** distribution 2.8, which the simulated answers stand for, and the profile the fingerprint names (if it names one). */
async function fingerprintChoice(core: Core, source: string): Promise<ProfileChoice> {
  const fingerprint = await call(core, 'fingerprint', { reference: source });
  return { profiles: [...new Set<ProfileId>(['distribution-2', ...(fingerprint.best ? [fingerprint.best] : [])])], fingerprint };
}

/** What audit and rescue, which walk a whole registry, both take. */
const REGISTRY_WALK = {
  json: { type: 'boolean' },
  concurrency: { type: 'string' },
  'max-rps': { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

type Out = {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** A progress line that replaces the last one; given only when stderr is a terminal. */
  progress?: (line: string | null) => void;
  /** Bytes exactly as given, without the newline `stdout` adds (a manifest whose digest must hold). */
  stdoutBytes?: (bytes: Uint8Array) => void;
};

/** What the CLI reads from its process: stdin (for --password-stdin) and the environment (credential files). */
export interface CliInput {
  readStdin?: () => Promise<string>;
  env?: Readonly<Record<string, string | undefined>>;
}

interface Command {
  options: ParseArgsConfig['options'];
  run(values: Record<string, unknown>, positionals: string[], out: Out, input: CliInput): Promise<number>;
}

function coreOptions(values: Record<string, unknown>, mode: CoreOptions['mode'] = 'browser', input: CliInput = {}): CoreOptions {
  const timeout = values.timeout === undefined ? undefined : Number(values.timeout);
  if (timeout !== undefined && !(timeout > 0)) throw new LensError('USAGE', '--timeout takes a positive number of seconds.');
  return {
    mode,
    insecureRegistries: (values['insecure-registry'] as string[] | undefined) ?? [],
    caFile: values['ca-file'] as string | undefined,
    timeoutMs: timeout === undefined ? undefined : timeout * 1000,
    credentialEnvironment: input.env ? { env: input.env, home: input.env.HOME || homedir() } : undefined,
    // The repository's resources/, above the bundle (dist/cli.js) or this file.
    sampleDir: findAbove(import.meta.url, [join('resources', 'sample')]),
  };
}

/**
 * Calls the core the way the other shells do, through dispatch and its argument validation, and
 * unwraps the envelope into the call's result or throws its error as a LensError.
 */
async function call<K extends CallName>(core: Core, name: K, args: ArgsOf<K>): Promise<ResultOf<K>> {
  const envelope = await core.dispatch(name, args);
  if (!envelope.ok) throw new LensError(envelope.error.code, envelope.error.message, envelope.error.detail);
  // dispatch ran the handler of `name`, whose table entry returns ResultOf<K>.
  return envelope.value as ResultOf<K>;
}

/** The --to format, which convert and push require. */
function targetFormat(values: Record<string, unknown>, command: string): FormatId {
  const to = stringOption(values, 'to');
  const format = FORMATS.find((f) => f.id === to);
  if (!format) throw new LensError('USAGE', `${command} needs --to FORMAT, one of ${FORMATS.map((f) => f.id).join(', ')}.`);
  return format.id;
}

/** --oci-config, one of OCI_CONFIG_MODES, or undefined when not given. */
function ociConfigMode(values: Record<string, unknown>): OciConfigMode | undefined {
  const mode = stringOption(values, 'oci-config');
  if (mode === undefined) return undefined;
  const known = OCI_CONFIG_MODES.find((m) => m === mode);
  if (!known) throw new LensError('USAGE', `--oci-config is one of ${OCI_CONFIG_MODES.join(', ')}.`);
  return known;
}

/** A string option's value; parseArgs types all values as unknown behind Record<string, unknown>. */
const stringOption = (values: Record<string, unknown>, name: string) => values[name] as string | undefined;

/** A terminal line redrawn thousands of times a second costs more than it tells. */
const PROGRESS_REDRAW_MS = 100;

/** `draw`, called at most once per `ms`; the last call of a burst may be dropped, so callers draw their end themselves. */
function redrawAtMost<T>(ms: number, draw: (value: T) => void): (value: T) => void {
  let last = 0;
  return (value) => {
    const now = Date.now();
    if (now - last < ms) return;
    last = now;
    draw(value);
  };
}

/** A positive number option's value, or undefined when not given. */
function numberOption(values: Record<string, unknown>, name: string): number | undefined {
  const text = stringOption(values, name);
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!(n > 0) || !Number.isFinite(n)) throw new LensError('USAGE', `--${name} takes a positive number.`);
  return n;
}

async function withCore<T>(
  values: Record<string, unknown>,
  input: CliInput,
  work: (core: Core) => Promise<T>,
  extra: Partial<CoreOptions> = {},
): Promise<T> {
  const core = createCore({ ...coreOptions(values, 'browser', input), ...extra });
  try {
    return await work(core);
  } finally {
    await core.close();
  }
}

function onePositional(positionals: string[], what: string): string {
  if (positionals.length !== 1) throw new LensError('USAGE', `Expected exactly one ${what}; see manifest-lens --help.`);
  return positionals[0]!;
}

const commands: Record<string, Command> = {
  inspect: {
    options: {
      accept: { type: 'string', multiple: true },
      'no-accept': { type: 'boolean' },
      head: { type: 'boolean' },
      platform: { type: 'string' },
      json: { type: 'boolean' },
      'auth-trace': { type: 'boolean' },
      ...LOGIN,
    },
    async run(values, positionals, out, input) {
      const source = onePositional(positionals, 'source');
      const accepts = values.accept as string[] | undefined;
      if (values['no-accept'] && accepts) throw new LensError('USAGE', '--no-accept and --accept exclude each other.');
      const accept = values['no-accept'] ? [] : (accepts ?? [...MANIFEST_MEDIA_TYPES]);
      const method = values.head ? 'HEAD' : 'GET';
      const [result, ledger] = await withLogin(values, source, input, async (core) => [
        await call(core, 'inspect', { reference: source, accept, method, platform: stringOption(values, 'platform') }),
        await call(core, 'requestLedger', {}),
      ]);
      const text =
        formatInspect(result) + (values['auth-trace'] && result.auth ? `\n\n${formatAuthTrace(result.auth, result.method)}` : '');
      out.stdout(values.json ? JSON.stringify({ ...withBodyText(result), requestLedger: ledger.registries }, null, 2) : text);
      return inspectExitCode(result, out);
    },
  },
  convert: {
    options: {
      to: { type: 'string' },
      platform: { type: 'string' },
      output: { type: 'string' },
      config: { type: 'string' },
      'config-output': { type: 'string' },
      'signing-key': { type: 'string' },
      'oci-config': { type: 'string' },
      ...LOGIN,
    },
    async run(values, positionals, out, input) {
      const source = onePositional(positionals, 'source');
      const to = targetFormat(values, 'convert');
      const ociConfig = ociConfigMode(values);
      const keyFile = values['signing-key'] as string | undefined;
      const signingKey =
        keyFile === undefined ? undefined : (await readRegularFile(keyFile, SIGNING_KEY_LIMIT, 'signing key file')).toString('utf8');
      const result = await withLogin(values, source, input, (core) =>
        call(core, 'convert', {
          source,
          to,
          platform: stringOption(values, 'platform'),
          config: stringOption(values, 'config'),
          signingKey,
          ociConfig,
        }),
      );
      const manifest = Buffer.from(result.manifest.bytesBase64, 'base64');
      const configFile = values['config-output'] as string | undefined;
      const messages = [formatConversion(result)];
      if (configFile && result.config) {
        await writeFileAtomic(configFile, Buffer.from(result.config.bytesBase64, 'base64'));
        messages.push(`Config written to ${configFile}.`);
      } else if (configFile) {
        messages.push(`No new config was created (the manifest references the source's own), so ${configFile} was not written.`);
      }
      const output = values.output as string | undefined;
      if (output) {
        await writeFileAtomic(output, manifest);
        messages.push(`Manifest written to ${output}.`);
      } else if (out.stdoutBytes) out.stdoutBytes(manifest);
      else out.stdout(manifest.toString('utf8'));
      out.stderr(messages.join('\n'));
      return 0;
    },
  },
  negotiate: {
    options: {
      'accept-set': { type: 'string', multiple: true },
      method: { type: 'string', default: 'HEAD' },
      profile: { type: 'string', multiple: true },
      json: { type: 'boolean' },
      ...LOGIN,
    },
    async run(values, positionals, out, input) {
      const source = onePositional(positionals, 'source');
      const method = values.method;
      if (method !== 'HEAD' && method !== 'GET') throw new LensError('USAGE', '--method takes HEAD or GET.');
      const named = profileOptions(values.profile as string[] | undefined);
      const [result, choice] = await withLogin(values, source, input, async (core) => {
        const acceptSets = values['accept-set'] as string[] | undefined;
        const result = await call(core, 'negotiate', { reference: source, method, acceptSets });
        // Without --profile: distribution 2.8 and whichever the fingerprint names. Its HEADs go after the
        // matrix's, not beside them: distribution 2.8 now and then answers one of several schema 1 rewrites
        // asked at once with 400, which would count against its own profile.
        const chosen: ProfileChoice = named ? { profiles: named, fingerprint: null } : await fingerprintChoice(core, source);
        return [result, chosen] as const;
      });
      out.stdout(values.json ? JSON.stringify(negotiationJson(result, choice), null, 2) : formatNegotiation(result, choice));
      return 0;
    },
  },
  fingerprint: {
    options: { json: { type: 'boolean' }, ...LOGIN },
    async run(values, positionals, out, input) {
      const reference = onePositional(positionals, 'reference');
      const result = await withLogin(values, reference, input, (core) => call(core, 'fingerprint', { reference }));
      out.stdout(values.json ? JSON.stringify(fingerprintJson(result), null, 2) : formatFingerprint(result));
      return 0;
    },
  },
  'supply-chain': {
    options: {
      key: { type: 'string', multiple: true },
      'trusted-root': { type: 'string' },
      'certificate-identity': { type: 'string' },
      'certificate-oidc-issuer': { type: 'string' },
      platform: { type: 'string' },
      json: { type: 'boolean' },
      ...LOGIN,
    },
    async run(values, positionals, out, input) {
      const source = onePositional(positionals, 'source');
      const keyFiles = (values.key as string[] | undefined) ?? [];
      const keys = await Promise.all(
        keyFiles.map(async (file) => ({ name: file, pem: (await readRegularFile(file, SIGNING_KEY_LIMIT, 'key file')).toString('utf8') })),
      );
      const rootFile = values['trusted-root'] as string | undefined;
      const trustedRoot =
        rootFile === undefined ? undefined : (await readRegularFile(rootFile, TRUSTED_ROOT_LIMIT, 'trusted root file')).toString('utf8');
      const result = await withLogin(values, source, input, (core) =>
        call(core, 'supplyChain', {
          source,
          keys,
          trustedRoot,
          certificateIdentity: stringOption(values, 'certificate-identity'),
          certificateOidcIssuer: stringOption(values, 'certificate-oidc-issuer'),
          platform: stringOption(values, 'platform'),
        }),
      );
      out.stdout(values.json ? JSON.stringify(supplyChainContract(result), null, 2) : formatSupplyChain(result));
      return 0;
    },
  },
  export: {
    options: { dir: { type: 'string' }, platform: { type: 'string' }, config: { type: 'string' }, ...LOGIN },
    async run(values, positionals, out, input) {
      const source = onePositional(positionals, 'source');
      const dir = values.dir as string | undefined;
      if (!dir) throw new LensError('USAGE', 'export needs --dir DIR (created if missing).');
      const result = await withLogin(
        values,
        source,
        input,
        (core) => call(core, 'exportAll', { source, platform: stringOption(values, 'platform'), config: stringOption(values, 'config') }),
        answering({ folder: dir }),
      );
      out.stdout(formatExportAll(result));
      return 0;
    },
  },
  bundle: {
    options: { output: { type: 'string' }, platform: { type: 'string' }, config: { type: 'string' }, ...LOGIN },
    async run(values, positionals, out, input) {
      const source = onePositional(positionals, 'source');
      const file = values.output as string | undefined;
      const result = await withLogin(
        values,
        source,
        input,
        (core) => call(core, 'bundle', { source, platform: stringOption(values, 'platform'), config: stringOption(values, 'config') }),
        answering({ file }),
      );
      out.stdout(formatBundle(result));
      return 0;
    },
  },
  push: {
    options: { to: { type: 'string' }, force: { type: 'boolean' }, platform: { type: 'string' }, config: { type: 'string' }, ...LOGIN },
    async run(values, positionals, out, input) {
      if (positionals.length !== 2)
        throw new LensError('USAGE', 'push takes a source and a destination (registry/repository:tag); see manifest-lens --help.');
      const [source, destination] = positionals as [string, string];
      const format = targetFormat(values, 'push');
      // Credentials given on the command line are for the destination, where the push needs them.
      const args = {
        source,
        destination,
        format,
        force: Boolean(values.force),
        platform: stringOption(values, 'platform'),
        config: stringOption(values, 'config'),
      };
      const result = await withLogin(values, destination, input, (core) => call(core, 'push', args));
      if (result.outcome === 'exists') {
        out.stderr(
          `manifest-lens: ${result.destination} exists (${result.existing.digest ?? 'digest unknown'}); nothing was pushed. Add --force to overwrite it.`,
        );
        return exitCodeFor('USAGE');
      }
      out.stdout(formatPush(result));
      return 0;
    },
  },
  audit: {
    options: {
      ...REGISTRY_WALK,
      deep: { type: 'boolean' },
      state: { type: 'string' },
      output: { type: 'string' },
    },
    async run(values, positionals, out, input) {
      const target = parseAuditTarget(onePositional(positionals, 'registry[/prefix]'));
      const concurrency = numberOption(values, 'concurrency');
      const output = stringOption(values, 'output');
      if (output !== undefined) reportFormatOf(output);
      const outcome = await withCore(values, input, (core) =>
        runAudit(core.clientFor(target.reference), {
          registry: target.registry,
          prefix: target.prefix,
          deep: Boolean(values.deep),
          concurrency,
          maxRps: numberOption(values, 'max-rps'),
          statePath: stringOption(values, 'state'),
          output,
          onProgress: out.progress && redrawAtMost(PROGRESS_REDRAW_MS, (p) => out.progress?.(formatAuditProgress(p, Date.now()))),
        }).finally(() => out.progress?.(null)),
      );
      for (const line of formatAuditBudget(outcome)) out.stderr(line);
      out.stdout(values.json ? JSON.stringify(outcome.summary) : formatAuditSummary(outcome.summary));
      return 0;
    },
  },
  rescue: {
    options: {
      ...REGISTRY_WALK,
      to: { type: 'string' },
      'dry-run': { type: 'boolean' },
      'in-place': { type: 'boolean' },
      'tag-suffix': { type: 'string' },
      state: { type: 'string' },
    },
    async run(values, positionals, out, input) {
      const target = parseAuditTarget(onePositional(positionals, 'registry[/prefix]'));
      const to = stringOption(values, 'to');
      if (to !== 'v2s2' && to !== 'oci') throw new LensError('USAGE', 'rescue needs --to v2s2 or --to oci.');
      const suffix = stringOption(values, 'tag-suffix');
      if (Boolean(values['in-place']) === (suffix !== undefined))
        throw new LensError('USAGE', 'rescue needs one of --in-place (overwrite each schema 1 tag) or --tag-suffix S (write tag+S).');
      const report = await withCore(values, input, (core) =>
        runRescue(core.clientFor(target.reference), {
          registry: target.registry,
          prefix: target.prefix,
          to,
          dryRun: Boolean(values['dry-run']),
          tagSuffix: suffix ?? null,
          concurrency: numberOption(values, 'concurrency'),
          maxRps: numberOption(values, 'max-rps'),
          statePath: stringOption(values, 'state'),
        }),
      );
      out.stdout(values.json ? JSON.stringify(report, null, 2) : formatRescue(report));
      return report.images.some((e) => e.outcome === 'failed') ? exitCodeFor('REGISTRY_ERROR') : 0;
    },
  },
  serve: {
    options: { port: { type: 'string' }, 'export-dir': { type: 'string' } },
    async run(values, positionals, out, input) {
      if (positionals.length > 0) throw new LensError('USAGE', 'serve takes no positional arguments.');
      const port = values.port === undefined ? 0 : Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new LensError('USAGE', '--port takes a port number.');
      const exportDir = values['export-dir'] as string | undefined;
      const destinations = exportDir === undefined ? {} : { destinations: folderDestinations(exportDir) };
      const server = await startServer({ port, core: { ...coreOptions(values, 'browser', input), ...destinations } });
      out.stdout(server.url);
      await server.closed;
      return 0;
    },
  },
};

/** withCore with the session credentials of --username/--password-stdin for `registryOf`'s registry. */
async function withLogin<T>(
  values: Record<string, unknown>,
  registryOf: string,
  input: CliInput,
  work: (core: Core) => Promise<T>,
  extra: Partial<CoreOptions> = {},
): Promise<T> {
  const login = await sessionLogin(values, registryOf, input);
  return withCore(
    values,
    input,
    async (core) => {
      if (login) await call(core, 'setCredentials', { ...login, remember: false });
      return work(core);
    },
    extra,
  );
}

/** The CLI's answer to "where should this go?": the path given, else the offered name in this directory. */
function answering(given: { file?: string; folder?: string }): Partial<CoreOptions> {
  const destinations: ExportDestinations = {
    saveFile: async (name) => given.file ?? name,
    chooseFolder: async (name) => given.folder ?? name,
  };
  return { destinations };
}

/**
 * Session-only credentials from `--username U --password-stdin`, as `docker login` takes them: the
 * password never on the command line, where shell history and the process list would keep it.
 */
async function sessionLogin(values: Record<string, unknown>, source: string, input: CliInput) {
  const username = values.username as string | undefined;
  if (values['password-stdin'] && username === undefined) throw new LensError('USAGE', '--password-stdin needs --username.');
  if (username === undefined) return null;
  if (!values['password-stdin']) {
    throw new LensError('USAGE', '--username needs --password-stdin: a password on the command line would stay in shell history.');
  }
  if (!input.readStdin) throw new LensError('USAGE', '--password-stdin: no standard input to read.');
  // docker login trims one trailing newline (and a carriage return before it), nothing else.
  const password = (await input.readStdin()).replace(/\r?\n$/, '');
  if (!password) throw new LensError('USAGE', '--password-stdin: standard input was empty.');
  return { registry: parseReference(source).registry, username, password };
}

/** A private key in PEM or JWK is a few kilobytes; this leaves room for comments and long curves. */
const SIGNING_KEY_LIMIT = 64 * 1024;

/** Sigstore's public-good trusted_root.json is about 10 KiB; a private one with many keys stays far below 4 MiB. */
const TRUSTED_ROOT_LIMIT = 4 * 1024 * 1024;

/**
 * The registry's verdict becomes the exit code: anything but a 2xx answer (an error status, a redirect,
 * which manifest requests do not follow) or a digest mismatch is a failure. What was served is printed
 * either way.
 */
function inspectExitCode(result: InspectResult, out: Out): number {
  const { status, statusText, responseHeaders } = result.response;
  if (status < 200 || status >= 300) {
    const location = header(responseHeaders, 'location');
    const where = location === null ? '' : ` (Location: ${location}) instead of the manifest`;
    out.stderr(`manifest-lens: registry answered ${describeRegistryError(status, statusText, result.registryErrors)}${where}`);
    if (result.auth?.verdict.outcome === 'failed') out.stderr(`manifest-lens: ${result.auth.verdict.explanation}`);
    return exitCodeFor(result.auth?.verdict.outcome === 'failed' ? 'AUTH_FAILED' : 'REGISTRY_ERROR');
  }
  if (result.digestCheck.verdict === 'mismatch') {
    out.stderr(`manifest-lens: digest mismatch: ${result.digestCheck.problems.join(' ')}`);
    return exitCodeFor('DIGEST_MISMATCH');
  }
  return 0;
}

/** JSON output carries the body as text too, so scripts need not decode base64. */
function withBodyText(result: InspectResult) {
  return { ...result, bodyText: Buffer.from(result.response.bodyBase64, 'base64').toString('utf8') };
}

export async function runCli(argv: string[], out: Out, input: CliInput = {}): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version') {
    out.stdout(APP_VERSION);
    return 0;
  }
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    out.stdout(USAGE);
    return name ? 0 : 2;
  }
  let verbose = rest.includes('--verbose');
  try {
    const command = commands[name];
    if (!command) throw new LensError('USAGE', `Unknown command "${name}"; see manifest-lens --help.`);
    const { values, positionals } = parseArgs({
      args: rest,
      options: { ...COMMON, ...command.options },
      allowPositionals: true,
      strict: true,
    });
    verbose = Boolean(values.verbose);
    if (values.help) {
      out.stdout(USAGE);
      return 0;
    }
    return await command.run(values, positionals, out, input);
  } catch (e) {
    // parseArgs explains some refusals over several lines; an error here is one line.
    const error = toWireError(isParseArgsError(e) ? new LensError('USAGE', (e as Error).message.replace(/\s*\n\s*/g, ' ')) : e);
    out.stderr(`manifest-lens: ${error.message}`);
    if (verbose && error.detail) out.stderr(error.detail);
    return exitCodeFor(error.code);
  }
}

function isParseArgsError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Entry point when bundled as dist/cli.js. */
export async function main(): Promise<void> {
  const code = await runCli(
    process.argv.slice(2),
    {
      stdout: (text) => process.stdout.write(`${text}\n`),
      stderr: (text) => process.stderr.write(`${text}\n`),
      stdoutBytes: (bytes) => process.stdout.write(bytes),
      // \r and erase-line redraw one line; a pipe or a file gets none of it.
      progress: process.stderr.isTTY ? (line) => process.stderr.write(line === null ? '\r\x1b[K' : `\r\x1b[K${line}`) : undefined,
    },
    { readStdin, env: process.env },
  );
  process.exitCode = code;
}
