import { describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { mapBounded } from './bounded';

describe('mapBounded', () => {
  it('keeps the order of the list and never runs more than the limit at once', async () => {
    let running = 0;
    let most = 0;
    const results = await mapBounded([30, 10, 20, 5, 15, 1], 4, async (ms) => {
      running++;
      most = Math.max(most, running);
      await sleep(ms);
      running--;
      return ms * 2;
    });
    expect(results).toEqual([60, 20, 40, 10, 30, 2]);
    expect(most).toBe(4);
  });

  it('answers an empty list with an empty list', async () => {
    expect(await mapBounded([], 4, () => Promise.resolve(1))).toEqual([]);
  });
});
