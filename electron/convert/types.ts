/**
 * What every conversion returns: the exact bytes it produced and an honest account of what did not make
 * it across. Conversions are pure (bytes in, bytes out, no I/O), so the UI, the CLI and the tests all read
 * the same report.
 */

/**
 * One thing a conversion could not carry over faithfully.
 * - lost: the source held it and the target format cannot (annotations in a Docker manifest);
 * - changed: carried over, but in a different form (a media type mapped, a time re-formatted);
 * - refused: the conversion will not proceed because of it (a zstd layer into schema 2).
 */
export interface ConversionNote {
  kind: 'lost' | 'changed' | 'refused';
  /** Where in the source document, as a dotted path (`annotations`, `layers[2].mediaType`). */
  field: string;
  /** One sentence for people. */
  message: string;
}

export interface ConversionResult {
  /** The manifest exactly as it would be served, exported or pushed. */
  bytes: Uint8Array;
  mediaType: string;
  /** `sha256:…` of `bytes`; for signed schema 1, of the canonical payload (signatures removed). */
  digest: string;
  notes: ConversionNote[];
}
