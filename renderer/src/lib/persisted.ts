/**
 * Settings kept between sessions in localStorage: layout, theme, recent references. Nothing secret is
 * ever stored here. What comes back is checked against a schema, because an older version of the app
 * (or a person with devtools) may have left something else under the same key.
 */
import { useCallback, useState } from 'react';
import type { z } from 'zod/mini';

const PREFIX = 'manifest-lens.';

export function readPersisted<T>(key: string, schema: z.ZodMiniType<T>, fallback: T): T {
  try {
    const raw = localStorage.getItem(PREFIX + key);
    if (raw === null) return fallback;
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : fallback;
  } catch {
    return fallback;
  }
}

export function writePersisted(key: string, value: unknown): void {
  try {
    localStorage.setItem(PREFIX + key, JSON.stringify(value));
  } catch {
    // Storage full or disabled (private windows): the setting simply lasts this session only.
  }
}

/** useState that starts from (unless `override` says otherwise), and writes through to, localStorage. */
export function usePersistedState<T>(
  key: string,
  schema: z.ZodMiniType<T>,
  fallback: T,
  override?: T,
): [T, (next: T | ((prev: T) => T)) => void] {
  const [value, setValue] = useState(() => override ?? readPersisted(key, schema, fallback));
  const set = useCallback(
    (next: T | ((prev: T) => T)) => {
      setValue((prev) => {
        const resolved = typeof next === 'function' ? (next as (p: T) => T)(prev) : next;
        writePersisted(key, resolved);
        return resolved;
      });
    },
    [key],
  );
  return [value, set];
}
