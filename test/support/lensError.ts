/** What tests need to say "this input is refused with a typed error", and nothing else counts. */
import { expect } from 'vitest';
import { LensError } from '../../electron/core/errors';

const notALensError = (e: unknown) => new Error(`expected a LensError, got ${String(e)}`, { cause: e });

/** The LensError `f` throws; any other outcome (no throw, another error) fails the test. */
export function refusal(f: () => unknown): LensError {
  try {
    f();
  } catch (e) {
    if (e instanceof LensError) return e;
    throw notALensError(e);
  }
  throw new Error('expected a LensError, nothing was thrown');
}

/** The LensError `p` rejects with; fulfilling or another error fails the test. */
export async function rejection(p: Promise<unknown>): Promise<LensError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof LensError) return e;
    throw notALensError(e);
  }
  throw new Error('expected a LensError, the promise fulfilled');
}

/** The code of the LensError `f` throws, or undefined when it returns: for properties over many inputs. */
export function outcomeCode(f: () => unknown): string | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    if (e instanceof LensError) return e.code;
    throw notALensError(e);
  }
}

/** Asserts that `f` throws a LensError with `code`. */
export function expectRefused(f: () => unknown, code: string): void {
  expect(refusal(f).code).toBe(code);
}
