/**
 * containers' auth.json (podman, skopeo, buildah), in containers/image's order: $REGISTRY_AUTH_FILE,
 * then $XDG_RUNTIME_DIR/containers/auth.json (or /run/containers/<uid>/auth.json), then
 * $XDG_CONFIG_HOME/containers/auth.json (default ~/.config). Keys may name a namespace or repository
 * (quay.io/team/app) as well as a registry; the most specific match wins.
 */
import { join } from 'node:path';
import { entryCredential, findEntry, readAuthFile } from './authFile';
import { helperProgram, runCredentialHelper } from './credentialHelper';
import type { CredentialLookup } from '../../../../shared/auth';
import { useOf, type CredentialEnvironment, type Resolution } from './types';

export function podmanAuthPaths(environment: CredentialEnvironment): string[] {
  const { env, home, uid } = environment;
  const paths: string[] = [];
  if (env.REGISTRY_AUTH_FILE) paths.push(env.REGISTRY_AUTH_FILE);
  if (env.XDG_RUNTIME_DIR) paths.push(join(env.XDG_RUNTIME_DIR, 'containers', 'auth.json'));
  else if (uid !== null) paths.push(join('/run/containers', String(uid), 'auth.json'));
  paths.push(join(env.XDG_CONFIG_HOME || join(home, '.config'), 'containers', 'auth.json'));
  return paths;
}

/** registry/a/b/c, registry/a/b, registry/a, registry: containers/image's keys for a repository. */
function keysFor(registry: string, repository: string | null): string[] {
  const keys: string[] = [];
  for (let name = repository ? `${registry}/${repository}` : registry; ; name = name.slice(0, name.lastIndexOf('/'))) {
    keys.push(name);
    if (name === registry || !name.includes('/')) return keys;
  }
}

export async function fromPodmanAuth(registry: string, repository: string | null, environment: CredentialEnvironment): Promise<Resolution> {
  const lookups: CredentialLookup[] = [];
  for (const path of podmanAuthPaths(environment)) {
    const read = await readAuthFile(path);
    if (read.state === 'absent') {
      lookups.push({ label: path, outcome: 'none', note: 'no such file' });
      continue;
    }
    if (read.state === 'invalid') {
      lookups.push({ label: path, outcome: 'error', note: `${read.reason}; ignored` });
      continue;
    }
    const helper = read.file.credHelpers?.[registry];
    if (helper) {
      const label = `${helperProgram(helper)} (credHelpers["${registry}"] in ${path})`;
      const credential = await runCredentialHelper(helper, registry, environment);
      if (credential) return { found: useOf(credential, 'cred-helper', label), lookups: [...lookups, { label, outcome: 'found' }] };
      lookups.push({ label, outcome: 'none', note: `no credentials for ${registry}` });
      continue;
    }
    const match = findEntry(read.file.auths, keysFor(registry, repository), registry);
    const credential = match ? entryCredential(match.entry) : null;
    if (match && credential) {
      const label = `${path} auths["${match.key}"]`;
      return { found: useOf(credential, 'podman-auth', label), lookups: [...lookups, { label, outcome: 'found' }] };
    }
    lookups.push({
      label: path,
      outcome: 'none',
      note: match ? `auths["${match.key}"] holds no credentials` : `no auths entry for ${registry}`,
    });
  }
  return { found: null, lookups };
}
