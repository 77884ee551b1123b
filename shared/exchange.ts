/** One HTTP exchange as captured for the UI, the CLI and exports. Secrets are already redacted. */
export type HeaderList = Array<[name: string, value: string]>;

export interface CapturedExchange {
  /** Why the request was made: a ping, a token fetch, a manifest or blob request. */
  purpose: 'ping' | 'token' | 'manifest' | 'blob' | 'other';
  method: string;
  url: string;
  requestHeaders: HeaderList;
  /** 0 for a try that got no answer (the connection closed first; statusText says so), as HAR records it. */
  status: number;
  statusText: string;
  responseHeaders: HeaderList;
  /** Response body, base64; empty for HEAD. Token responses are replaced by a redacted summary. */
  bodyBase64: string;
  bodySize: number;
  startedAt: string;
  durationMs: number;
  /** Answered from the session's content cache by digest: nothing went to the network. */
  fromCache?: true;
}

/** An error reported in a registry's error body (distribution's errors[] array). */
export interface RegistryErrorEntry {
  code: string;
  message: string;
  detail?: unknown;
}

/** The three ways a manifest's digest is known, and whether they agree. */
export interface DigestCheck {
  /** sha256 of the bytes received (for signed schema 1 of its canonical payload). */
  computed: string | null;
  /** How `computed` was obtained. */
  computedFrom: 'bytes' | 'schema1-payload' | 'none';
  /** sha256 of the raw bytes, shown too when the canonical payload differs from them. */
  rawBytes: string | null;
  /** The registry's Docker-Content-Digest header. */
  header: string | null;
  /** The digest named in the reference (or a parent descriptor). */
  requested: string | null;
  verdict: 'match' | 'mismatch' | 'unverifiable';
  /** One sentence per disagreement, naming all values involved. */
  problems: string[];
}
