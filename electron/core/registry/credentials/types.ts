import type { CredentialLookup, CredentialUse } from '../../../../shared/auth';

/** A secret the core holds for one registry. It never leaves the main process. */
export type Credential =
  | { kind: 'password'; username: string; password: string }
  /** docker's identity token: an OAuth2 refresh token, sent only to the token realm. */
  | { kind: 'identity-token'; username: string | null; token: string };

export interface ResolvedCredential {
  credential: Credential;
  use: CredentialUse;
}

/** The outcome of walking the sources in precedence order. */
export interface Resolution {
  found: ResolvedCredential | null;
  lookups: CredentialLookup[];
}

/** Where the sources live: injected so that tests (and the CLI's users) decide, never a hidden global. */
export interface CredentialEnvironment {
  env: Readonly<Record<string, string | undefined>>;
  home: string;
  /** Used for podman's /run/containers/<uid>/auth.json when XDG_RUNTIME_DIR is unset. */
  uid: number | null;
  /** How long a credential helper may take before it is killed. */
  helperTimeoutMs: number;
}

export function useOf(credential: Credential, source: CredentialUse['source'], label: string): ResolvedCredential {
  return {
    credential,
    use: { source, label, username: credential.username || null, kind: credential.kind },
  };
}
