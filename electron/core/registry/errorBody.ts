import { z } from 'zod';
import type { RegistryErrorEntry } from '../../../shared/exchange';

/** distribution's error body: {"errors":[{"code":"MANIFEST_UNKNOWN","message":"...","detail":...}]} */
const ErrorBody = z.object({
  errors: z.array(z.object({ code: z.string(), message: z.string().optional(), detail: z.unknown().optional() })).min(1),
});

/** The registry's error entries, or null when the body is not an error document. */
export function parseErrorBody(body: Uint8Array): RegistryErrorEntry[] | null {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body).toString('utf8'));
  } catch {
    return null;
  }
  const parsed = ErrorBody.safeParse(json);
  if (!parsed.success) return null;
  return parsed.data.errors.map((e) => ({
    code: e.code,
    message: e.message ?? '',
    ...(e.detail === undefined ? {} : { detail: e.detail }),
  }));
}

/** One line for people: "404 Not Found: MANIFEST_UNKNOWN manifest unknown". */
export function describeRegistryError(status: number, statusText: string, errors: RegistryErrorEntry[] | null): string {
  const head = `${status} ${statusText}`.trim();
  if (!errors || errors.length === 0) return head;
  return `${head}: ${errors.map((e) => `${e.code}${e.message ? ` ${e.message}` : ''}`).join('; ')}`;
}
