/**
 * docker's config.json, read as the docker CLI reads it: credHelpers[key] first, else credsStore, else
 * auths. When a helper is configured for the registry docker asks only the helper, even if auths holds
 * an entry, so that is what we do too (the trace says so). Hub's key is its v1 index URL.
 */
import { join } from 'node:path';
import { entryCredential, findEntry, readAuthFile } from './authFile';
import { runCredentialHelper, helperProgram } from './credentialHelper';
import { dockerConfigKey } from './hubKeys';
import { useOf, type CredentialEnvironment, type Resolution } from './types';

export function dockerConfigPath(environment: CredentialEnvironment): string {
  const dir = environment.env.DOCKER_CONFIG || join(environment.home, '.docker');
  return join(dir, 'config.json');
}

export async function fromDockerConfig(registry: string, environment: CredentialEnvironment): Promise<Resolution> {
  const path = dockerConfigPath(environment);
  const read = await readAuthFile(path);
  if (read.state === 'absent') return { found: null, lookups: [{ label: path, outcome: 'none', note: 'no such file' }] };
  // docker warns about a broken config file and carries on without it.
  if (read.state === 'invalid') return { found: null, lookups: [{ label: path, outcome: 'error', note: `${read.reason}; ignored` }] };

  const { file } = read;
  const key = dockerConfigKey(registry);
  const helper = file.credHelpers?.[key];
  const store = helper ? null : file.credsStore;
  if (helper || store) {
    const name = (helper ?? store)!;
    const source = helper ? 'cred-helper' : 'creds-store';
    const label = `${helperProgram(name)} (${helper ? `credHelpers["${key}"]` : 'credsStore'} in ${path})`;
    const credential = await runCredentialHelper(name, key, environment);
    if (!credential) {
      return { found: null, lookups: [{ label, outcome: 'none', note: `no credentials for ${key}; docker does not fall back to auths` }] };
    }
    return { found: useOf(credential, source, label), lookups: [{ label, outcome: 'found' }] };
  }

  const match = findEntry(file.auths, [key], registry);
  const credential = match ? entryCredential(match.entry) : null;
  if (!match || !credential) {
    const note = match ? `auths["${match.key}"] holds no credentials` : `no auths entry for ${key}`;
    return { found: null, lookups: [{ label: path, outcome: 'none', note }] };
  }
  const label = `${path} auths["${match.key}"]`;
  return { found: useOf(credential, 'docker-config', label), lookups: [{ label, outcome: 'found' }] };
}
