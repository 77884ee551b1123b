/**
 * The promise every reader of outside input makes, checked with seeded fast-check properties: whatever
 * comes in, it returns a value or throws a LensError with a code (never another exception), within a
 * time bound per case. The seed is FC_SEED or a fixed default, printed with each file's case count and
 * time; fast-check prints the seed and the shrunk input of a failure, so FC_SEED=<seed> replays it.
 */
import { performance } from 'node:perf_hooks';
import { afterAll, expect } from 'vitest';
import fc from 'fast-check';
import { ERROR_CODES } from '../../shared/errors';
import { LensError } from '../../electron/core/errors';

export const FUZZ_SEED = process.env.FC_SEED === undefined ? 20_261_202 : Number(process.env.FC_SEED);

/** One case may take this long, measured on the 2-core CI machine with margin. */
export const CASE_BOUND_MS = 200;

/** What a case found: the reader's value, or the code of the LensError it threw. */
export type Outcome = { ok: true; value: unknown } | { ok: false; code: string };

/** Runs one case: anything but a value or a coded LensError, or a case over the bound, fails it. */
export async function within(read: () => unknown): Promise<Outcome> {
  const start = performance.now();
  let outcome: Outcome;
  try {
    outcome = { ok: true, value: await read() };
  } catch (e) {
    // INTERNAL is what the core reports for an exception it did not expect: a failure here too.
    if (!(e instanceof LensError) || !ERROR_CODES.includes(e.code) || e.code === 'INTERNAL') throw e;
    outcome = { ok: false, code: e.code };
  }
  const ms = performance.now() - start;
  if (ms > CASE_BOUND_MS) throw new Error(`one case took ${ms.toFixed(1)} ms, more than ${CASE_BOUND_MS} ms`);
  return outcome;
}

/** Counts the cases a test file runs and prints them with the seed and the time once it ends. */
export function fuzzRun(name: string) {
  let cases = 0;
  const started = performance.now();
  afterAll(() => {
    console.log(`fuzz ${name}: ${cases} cases in ${Math.round(performance.now() - started)} ms (seed ${FUZZ_SEED})`);
  });
  /** Asserts a property over `numRuns` cases with the shared seed; `check` runs inside `within`. */
  return async function property<T>(arbitrary: fc.Arbitrary<T>, numRuns: number, check: (input: T) => unknown): Promise<void> {
    await fc.assert(
      fc.asyncProperty(arbitrary, async (input) => {
        cases++;
        await within(() => check(input));
      }),
      { seed: FUZZ_SEED, numRuns },
    );
    expect(cases).toBeGreaterThanOrEqual(numRuns);
  };
}

/** Bytes of a real document with a few bytes replaced, cut short or spliced: near misses of valid input. */
export function mutated(original: Uint8Array): fc.Arbitrary<Uint8Array> {
  const edit = fc.oneof(
    fc.record({ kind: fc.constant('set' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
    fc.record({
      kind: fc.constant('insert' as const),
      at: fc.nat(),
      text: fc.constantFrom('"', '{', '}', '[', ']', ',', '\\u0000', '1e999', '-', 'null', '\\'),
    }),
  );
  return fc.array(edit, { minLength: 1, maxLength: 4 }).map((edits) => {
    let bytes = Buffer.from(original);
    for (const e of edits) {
      const at = bytes.length === 0 ? 0 : e.at % bytes.length;
      if (e.kind === 'set') bytes[at] = e.byte;
      else if (e.kind === 'cut') bytes = bytes.subarray(0, at);
      else bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(e.text), bytes.subarray(at)]);
    }
    return new Uint8Array(bytes);
  });
}
