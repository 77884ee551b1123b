/** Bounded concurrency over a stream of work that is never collected whole. */

/** Runs `work` on every item of `items` with at most `workers` at once, pulling items only as workers free up. */
export async function eachBounded<T>(items: AsyncIterable<T>, workers: number, work: (item: T) => Promise<void>): Promise<void> {
  const iterator = items[Symbol.asyncIterator]();
  let failure: { error: unknown } | null = null;
  const worker = async () => {
    while (failure === null) {
      // An async generator queues concurrent next() calls, so each item goes to exactly one worker.
      const next = await iterator.next();
      if (next.done) return;
      try {
        await work(next.value);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  if (failure !== null) {
    await iterator.return?.(undefined);
    throw (failure as { error: unknown }).error;
  }
}

/** The same over an array. */
export function eachOf<T>(items: readonly T[], workers: number, work: (item: T) => Promise<void>): Promise<void> {
  return eachBounded(
    (async function* () {
      yield* items;
    })(),
    workers,
    work,
  );
}
