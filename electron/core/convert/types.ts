/**
 * What every conversion returns: the exact bytes it produced and an honest account of what did not make
 * it across. Conversions are pure (bytes in, bytes out, no I/O), so the UI, the CLI and the tests all read
 * the same report.
 */
import type { ConversionNote } from '../../../shared/conversion';

/** Declared in shared/ because it crosses to the UI; lost, changed or refused, with where and why. */
export type { ConversionNote };

export interface ConversionResult {
  /** The manifest exactly as it would be served, exported or pushed. */
  bytes: Uint8Array;
  mediaType: string;
  /** `sha256:…` of `bytes`; for signed schema 1, of the canonical payload (signatures removed). */
  digest: string;
  notes: ConversionNote[];
}
