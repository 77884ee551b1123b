/**
 * The same questions asked with the tools a support engineer already has (curl, skopeo, crane, regctl,
 * oras), so that a bundle's findings can be reproduced without Manifest Lens. Commands carry no
 * credentials: each tool uses its own login, and curl gets a $TOKEN placeholder where one is needed.
 */
import { FORMATS } from '../../../shared/mediaTypes';
import { registryBaseUrl } from '../registry/client';
import { familiarString, isLoopbackHost, manifestPath, registryEndpointHost, type Reference } from '../registry/reference';
import type { SourceSpec } from '../sources/sourceSpec';

export type Tool = 'curl' | 'skopeo' | 'crane' | 'regctl' | 'oras';

export interface EquivalentCommand {
  tool: Tool;
  /** What it shows or does, in a few words. */
  purpose: string;
  command: string;
}

/** POSIX shell quoting: plain words as they are, anything else in single quotes. */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_\-.,:/@%+=]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

const line = (...args: string[]) => args.map(shellQuote).join(' ');
/** A placeholder the user replaces, left unquoted so the shell expands it. */
const DEST = '"$DEST"';
const ALL_TYPES = FORMATS.map((f) => f.mediaType).join(', ');

/** How the registry asked to be authenticated, as the auth trace recorded its challenge. */
export interface RegistryAuth {
  scheme: 'basic' | 'bearer';
  /** Bearer only: where tokens come from. */
  realm?: string;
  service?: string;
}

/** curl's credentials: Basic with the user's name (curl asks for the password), or a token fetched first. */
function curlAuth(reference: Reference, auth: RegistryAuth | null): { before: EquivalentCommand[]; header: string } {
  if (!auth) return { before: [], header: '' };
  if (auth.scheme === 'basic') return { before: [], header: ' -u "$REGISTRY_USER"' };
  if (!auth.realm) return { before: [], header: ' -H "Authorization: Bearer $TOKEN"' };
  const realm = new URL(auth.realm);
  if (auth.service) realm.searchParams.set('service', auth.service);
  realm.searchParams.set('scope', `repository:${reference.repository}:pull`);
  const fetchToken: EquivalentCommand = {
    tool: 'curl',
    purpose: "a pull token from the registry's token server (drop -u for anonymous access; needs jq)",
    command: `TOKEN=$(curl -sS -u "$REGISTRY_USER" ${shellQuote(realm.toString())} | jq -r '.token // .access_token')`,
  };
  return { before: [fetchToken], header: ' -H "Authorization: Bearer $TOKEN"' };
}

function registryCommands(
  reference: Reference,
  insecureRegistries: readonly string[],
  registryAuth: RegistryAuth | null,
): EquivalentCommand[] {
  const host = registryEndpointHost(reference);
  const plain = isLoopbackHost(host) || insecureRegistries.includes(host);
  const url = `${registryBaseUrl(host, insecureRegistries)}${manifestPath(reference)}`;
  const ref = familiarString(reference);
  const skopeoTls = plain ? ['--tls-verify=false'] : [];
  const craneTls = plain ? ['--insecure'] : [];
  const orasTls = plain ? ['--plain-http'] : [];
  // Double quotes, so the shell expands $TOKEN and $REGISTRY_USER.
  const auth = curlAuth(reference, registryAuth);
  const curl = (purpose: string, ...args: string[]): EquivalentCommand => ({
    tool: 'curl',
    purpose,
    command: `curl ${line(...args)}${auth.header} ${shellQuote(url)}`,
  });
  return [
    ...auth.before,
    curl('the manifest with every type accepted, headers included', '-sS', '-D', '-', '-H', `Accept: ${ALL_TYPES}`),
    ...FORMATS.map((f) => curl(`what it serves to a client accepting only ${f.title}`, '-sS', '-D', '-', '-H', `Accept: ${f.mediaType}`)),
    curl('what it serves with no Accept header (old docker clients)', '-sS', '-D', '-'),
    { tool: 'skopeo', purpose: 'the manifest as stored', command: line('skopeo', 'inspect', ...skopeoTls, '--raw', `docker://${ref}`) },
    {
      tool: 'skopeo',
      purpose: 'the image config',
      command: line('skopeo', 'inspect', ...skopeoTls, '--config', '--raw', `docker://${ref}`),
    },
    ...(['v2s1', 'v2s2', 'oci'] as const).map((format) => ({
      tool: 'skopeo' as const,
      purpose: `copy as ${format} to $DEST (registry/repository:tag)`,
      command: `${line('skopeo', 'copy', ...(plain ? ['--src-tls-verify=false'] : []), '--format', format, `docker://${ref}`)} docker://${DEST}`,
    })),
    { tool: 'crane', purpose: 'the manifest as stored', command: line('crane', 'manifest', ...craneTls, ref) },
    { tool: 'crane', purpose: 'its digest', command: line('crane', 'digest', ...craneTls, ref) },
    { tool: 'crane', purpose: 'the image config', command: line('crane', 'config', ...craneTls, ref) },
    ...(plain
      ? [
          {
            tool: 'regctl' as const,
            purpose: 'speak plain HTTP to this registry (once)',
            command: line('regctl', 'registry', 'set', '--tls', 'disabled', host),
          },
        ]
      : []),
    { tool: 'regctl', purpose: 'the manifest as stored', command: line('regctl', 'manifest', 'get', ref, '--format', 'raw-body') },
    {
      tool: 'regctl',
      purpose: 'an OCI copy under a new tag',
      command: line('regctl', 'image', 'mod', ref, '--to-oci', '--create', `${reference.tag ?? 'latest'}-oci`),
    },
    {
      tool: 'regctl',
      purpose: 'a Docker copy under a new tag',
      command: line('regctl', 'image', 'mod', ref, '--to-docker', '--create', `${reference.tag ?? 'latest'}-docker`),
    },
    { tool: 'oras', purpose: 'the manifest as stored', command: line('oras', 'manifest', 'fetch', ...orasTls, ref) },
    {
      tool: 'oras',
      purpose: 'its descriptor (media type, digest, size)',
      command: line('oras', 'manifest', 'fetch', ...orasTls, '--descriptor', ref),
    },
  ];
}

function offlineCommands(spec: Exclude<SourceSpec, { transport: 'registry' }>, input: string, mediaType: string): EquivalentCommand[] {
  switch (spec.transport) {
    case 'oci': {
      const target = `${spec.dir}${spec.tag ? `:${spec.tag}` : ''}`;
      return [
        { tool: 'skopeo', purpose: 'the manifest as stored', command: line('skopeo', 'inspect', '--raw', input) },
        {
          tool: 'skopeo',
          purpose: 'push it as schema 2 to $DEST',
          command: `${line('skopeo', 'copy', '--format', 'v2s2', input)} docker://${DEST}`,
        },
        {
          tool: 'regctl',
          purpose: 'the manifest as stored',
          command: line('regctl', 'manifest', 'get', `ocidir://${target}`, '--format', 'raw-body'),
        },
        { tool: 'oras', purpose: 'the manifest as stored', command: line('oras', 'manifest', 'fetch', '--oci-layout', target) },
        { tool: 'oras', purpose: 'copy it to $DEST', command: `${line('oras', 'cp', '--from-oci-layout', target)} ${DEST}` },
      ];
    }
    case 'docker-archive':
      return [
        { tool: 'skopeo', purpose: 'the manifest skopeo makes of the archive', command: line('skopeo', 'inspect', '--raw', input) },
        {
          tool: 'skopeo',
          purpose: 'push it as schema 2 to $DEST',
          command: `${line('skopeo', 'copy', '--format', 'v2s2', input)} docker://${DEST}`,
        },
        { tool: 'crane', purpose: 'push the archive to $DEST', command: `${line('crane', 'push', spec.file)} ${DEST}` },
        { tool: 'regctl', purpose: 'import the archive as $DEST', command: `regctl image import ${DEST} ${shellQuote(spec.file)}` },
      ];
    case 'file':
      return [
        {
          tool: 'regctl',
          purpose: 'store this manifest as $DEST (its blobs must be there)',
          command: `regctl manifest put ${DEST} --content-type ${shellQuote(mediaType)} < ${shellQuote(spec.path)}`,
        },
        {
          tool: 'oras',
          purpose: 'store this manifest as $DEST (its blobs must be there)',
          command: `oras manifest push --media-type ${shellQuote(mediaType)} ${DEST} ${shellQuote(spec.path)}`,
        },
        { tool: 'skopeo', purpose: 'its digest as a registry would store it', command: line('skopeo', 'manifest-digest', spec.path) },
      ];
  }
}

export interface CommandContext {
  spec: SourceSpec;
  input: string;
  /** The registry reference, for a registry source. */
  reference: Reference | null;
  /** The media type the source holds. */
  mediaType: string;
  /** How the registry asked to be authenticated; null when it did not. */
  registryAuth?: RegistryAuth | null;
  insecureRegistries?: readonly string[];
}

export function equivalentCommands(ctx: CommandContext): EquivalentCommand[] {
  if (ctx.spec.transport === 'registry')
    return ctx.reference ? registryCommands(ctx.reference, ctx.insecureRegistries ?? [], ctx.registryAuth ?? null) : [];
  return offlineCommands(ctx.spec, ctx.input, ctx.mediaType);
}

/** A shell script of the commands, grouped by tool, each preceded by what it does. */
export function commandsScript(commands: readonly EquivalentCommand[]): string {
  const out = [
    '#!/bin/sh',
    '# Equivalent commands written by Manifest Lens. Set DEST (registry/repository:tag) and REGISTRY_USER where used.',
    '',
  ];
  let tool: Tool | null = null;
  for (const c of commands) {
    if (c.tool !== tool) {
      tool = c.tool;
      out.push(`# --- ${tool} ---`);
    }
    out.push(`# ${c.purpose}`, c.command, '');
  }
  return out.join('\n');
}
