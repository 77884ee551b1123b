/**
 * What the core tells the UI and the CLI about conversions and Accept negotiation: converted manifests
 * with an honest account of what did not make it across, and for each Accept set the registry's answer
 * beside the one CNCF distribution 2.8 would give.
 */
import type { CapturedExchange } from './exchange';
import type { FormatId } from './mediaTypes';
import type { ProfileAnswer } from './profiles';

/**
 * The kinds of note, in the order reports count them.
 * - lost: the source held it and the target format cannot (annotations in a Docker manifest);
 * - changed: carried over, but in a different form (a media type mapped, a time re-formatted);
 * - refused: left out because of it (a list's child that could not be converted);
 * - unverified: the source's schema 1 signature does not verify, so its content is not vouched for; or
 *   something the conversion would check was not at hand (a manifest file's config not given).
 */
export const NOTE_KINDS = ['lost', 'changed', 'refused', 'unverified'] as const;

/**
 * How a Docker config becomes an OCI one: `kept`, its bytes unchanged (a schema 2 config's digest holds;
 * Docker-only fields stay in it; a schema 1 rescue keeps the schema 2 config it rebuilds), or
 * `normalized`, re-written as skopeo writes an OCI config.
 */
export const OCI_CONFIG_MODES = ['kept', 'normalized'] as const;
export type OciConfigMode = (typeof OCI_CONFIG_MODES)[number];

/** One thing a conversion could not carry over faithfully, or could not vouch for. */
export interface ConversionNote {
  kind: (typeof NOTE_KINDS)[number];
  /** Where in the source document, as a dotted path (`annotations`, `layers[2].mediaType`). */
  field: string;
  /** One sentence for people. */
  message: string;
}

/** A blob as it crosses the boundary: exact bytes in base64. */
export interface BlobView {
  mediaType: string;
  digest: string;
  size: number;
  bytesBase64: string;
}

/** The list entry a conversion took when the source was a list or index. */
export interface ChosenChild {
  digest: string;
  mediaType: string;
  /** Position in the list's `manifests`. */
  index: number;
  /** `os/architecture[/variant]` as the entry names it. */
  platform: string;
}

/**
 * What the signature of a schema 1 manifest says, checked wherever one is read:
 * - verified: every signature verifies (libtrust's rule), made with the keys of these libtrust key IDs;
 * - does-not-verify: a signature fails, names no usable key, or the signatures cannot be read;
 * - unsigned: an unsigned schema 1 (…manifest.v1+json without signatures), which nothing vouches for.
 */
export type SignatureVerdict =
  { status: 'verified'; keyIds: string[] } | { status: 'does-not-verify'; keyIds: string[]; reason: string } | { status: 'unsigned' };

/** The verdict in one phrase, as the CLI and the UI write it after "Signature: ". */
export function signatureText(verdict: SignatureVerdict): string {
  switch (verdict.status) {
    case 'verified':
      return `verified with libtrust key ID ${verdict.keyIds.join(', ')}`;
    case 'does-not-verify':
      return `does not verify: ${verdict.reason}`;
    case 'unsigned':
      return 'unsigned';
  }
}

export interface ConvertResult {
  /** The source as the user gave it. */
  source: string;
  format: FormatId;
  /** The manifest exactly as it would be served, exported or pushed. */
  manifest: BlobView;
  notes: ConversionNote[];
  /**
   * What the source served: its media type and digest, the child taken from it if it was a list, and the
   * signature verdict of the schema 1 image read (null when it is not schema 1).
   */
  from: { mediaType: string; digest: string; child: ChosenChild | null; signature: SignatureVerdict | null };
  /** A config blob the conversion created (schema 1 to schema 2 / OCI, a normalised OCI config); it travels with the manifest. */
  config: BlobView | null;
  /** The HTTP exchanges the conversion made (none for offline sources), for the request log. */
  exchanges?: CapturedExchange[];
}

/** The parts of a manifest answer the negotiation matrix compares. */
export interface NegotiationAnswer {
  status: number;
  contentType: string | null;
  /** Docker-Content-Digest; null when absent (errors). */
  digest: string | null;
  /** The first code of the error body; null on success (and for HEAD, which has no body). */
  errorCode: string | null;
  /** Bytes of the body (Content-Length for HEAD); null when unknown. */
  size?: number | null;
}

export interface NegotiationRow {
  /** The client's name for a built-in set; the header value itself for one given by the user. */
  label: string;
  /** The Accept header value exactly as sent; '' means no Accept header. */
  accept: string;
  registry: NegotiationAnswer;
  simulated: NegotiationAnswer & { errorMessage: string | null; steps: string[] };
  /** Status, content type, digest and error code are the same. */
  agree: boolean;
  /** Every behaviour profile's prediction for the same request beside the registry's answer, in PROFILE_IDS order. */
  profiles: ProfileAnswer[];
}

export interface NegotiateResult {
  source: string;
  method: 'GET' | 'HEAD';
  /** How the request names the manifest: distribution rewrites only requests by tag. */
  by: 'tag' | 'digest';
  /** The manifest the reference resolves to in the registry. */
  stored: { mediaType: string; digest: string };
  rows: NegotiationRow[];
  /** Every HTTP exchange the probe made, for the request log. */
  exchanges?: CapturedExchange[];
}
