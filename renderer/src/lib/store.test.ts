import { describe, expect, it, vi } from 'vitest';
import { createStore } from './store';

describe('createStore', () => {
  it('holds its initial value until set', () => {
    const store = createStore<string | null>(null);
    expect(store.get()).toBeNull();
    store.set('sample');
    expect(store.get()).toBe('sample');
  });

  it('tells each subscriber once per set, after the value has changed', () => {
    const store = createStore(0);
    const seen: number[] = [];
    const other = vi.fn();
    store.subscribe(() => seen.push(store.get()));
    store.subscribe(other);
    store.set(1);
    store.set(2);
    expect(seen).toEqual([1, 2]);
    expect(other).toHaveBeenCalledTimes(2);
  });

  it('stops telling a subscriber once it unsubscribes', () => {
    const store = createStore('a');
    const listener = vi.fn();
    const unsubscribe = store.subscribe(listener);
    store.set('b');
    unsubscribe();
    store.set('c');
    expect(listener).toHaveBeenCalledTimes(1);
    expect(store.get()).toBe('c');
  });
});
