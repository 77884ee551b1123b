/** Bounded concurrency: at most N pieces of work in flight, over a list or a stream never collected whole. */

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

/** Work over a list with at most `limit` items in flight at once; the answers keep the list's order. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  await eachOf(
    items.map((item, index) => ({ item, index })),
    limit,
    async ({ item, index }) => {
      results[index] = await work(item);
    },
  );
  return results;
}
