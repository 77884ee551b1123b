// zod/mini: the same schemas, tree-shaken, so validation costs the initial bundle a few kB, not 60.
import { z } from 'zod/mini';
import type { Envelope } from '../../../shared/api';
import { ERROR_CODES } from '../../../shared/errors';
import { LensCallError } from './errors';

const WireErrorSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  detail: z.optional(z.string()),
});

// The value's shape is the core's own result type; what arrives from the bridge or the local server is
// checked only as far as the envelope, which is what decides between a value and a typed error.
const EnvelopeSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: WireErrorSchema }),
]);

/** Returns the value of an envelope, or throws its error as a LensCallError. */
export function unwrapEnvelope<T>(raw: unknown): T {
  const parsed = EnvelopeSchema.safeParse(raw);
  if (!parsed.success) {
    throw new LensCallError('INTERNAL', 'The core answered in an unexpected form; this is a bug in Manifest Lens.', parsed.error.message);
  }
  const envelope = parsed.data as Envelope<T>;
  if (envelope.ok) return envelope.value;
  throw LensCallError.fromWire(envelope.error);
}
