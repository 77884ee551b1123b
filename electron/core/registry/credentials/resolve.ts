/**
 * Credential sources in docker's order of precedence: what the user gave this app (session or
 * remembered), then docker's config.json (credHelpers, credsStore, auths), then containers' auth.json.
 * The first source with a credential wins; every source consulted is listed for the trace.
 */
import { homedir } from 'node:os';
import type { CredentialLookup } from '../../../../shared/auth';
import { AuthError } from '../authError';
import type { AppCredentialStore } from './appStore';
import { fromDockerConfig } from './dockerConfig';
import { credentialRegistry } from './hubKeys';
import type { KnownSecrets } from './knownSecrets';
import { fromPodmanAuth } from './podmanAuth';
import type { CredentialEnvironment, Resolution } from './types';

const DEFAULT_HELPER_TIMEOUT_MS = 15_000;

export function defaultCredentialEnvironment(overrides: Partial<CredentialEnvironment> = {}): CredentialEnvironment {
  return {
    env: process.env,
    home: homedir(),
    uid: typeof process.getuid === 'function' ? process.getuid() : null,
    helperTimeoutMs: DEFAULT_HELPER_TIMEOUT_MS,
    ...overrides,
  };
}

/** A resolution that ended in a helper failure keeps the lookups made before it, for the trace. */
export type ResolutionOutcome = Resolution & { failure: AuthError | null };

export class CredentialResolver {
  constructor(
    private readonly app: AppCredentialStore,
    private readonly environment: CredentialEnvironment,
    private readonly secrets: KnownSecrets,
  ) {}

  /** `host` is the API host (Hub's registry-1.docker.io counts as docker.io); never throws. */
  async resolve(host: string, repository: string | null): Promise<ResolutionOutcome> {
    const registry = credentialRegistry(host);
    const lookups: CredentialLookup[] = [];
    const sources = [
      async (): Promise<Resolution> => {
        const found = await this.app.get(registry);
        return {
          found,
          lookups: [
            found
              ? { label: found.use.label, outcome: 'found' }
              : { label: 'Manifest Lens', outcome: 'none', note: 'nothing entered in the app or with --username' },
          ],
        };
      },
      () => fromDockerConfig(registry, this.environment),
      () => fromPodmanAuth(registry, repository, this.environment),
    ];
    try {
      for (const source of sources) {
        const { found, lookups: more } = await source();
        lookups.push(...more);
        if (found) {
          const c = found.credential;
          this.secrets.add(c.kind === 'password' ? c.password : c.token);
          return { found, lookups, failure: null };
        }
      }
      return { found: null, lookups, failure: null };
    } catch (e) {
      if (!(e instanceof AuthError)) throw e;
      lookups.push({ label: e.message, outcome: 'error', note: e.detail === undefined ? undefined : this.secrets.scrub(e.detail) });
      return { found: null, lookups, failure: e };
    }
  }
}
