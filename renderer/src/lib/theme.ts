/**
 * Light or dark: the OS decides unless the user picked one (remembered). The choice is applied as
 * `data-theme` on the root element, where CSS turns it into color-scheme; Monaco reads the effective
 * scheme through useColorScheme.
 */
import { useSyncExternalStore } from 'react';
import { z } from 'zod/mini';
import { readPersisted, writePersisted } from './persisted';

export const THEME_CHOICES = ['system', 'dark', 'light'] as const;
export type ThemeChoice = (typeof THEME_CHOICES)[number];

const KEY = 'theme';
const listeners = new Set<() => void>();
let choice: ThemeChoice = readPersisted(KEY, z.enum(THEME_CHOICES), 'system');

function apply(): void {
  if (choice === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = choice;
}
apply();

export function setTheme(next: ThemeChoice): void {
  choice = next;
  writePersisted(KEY, next);
  apply();
  for (const listener of listeners) listener();
}

/** system → dark → light → system: the order a shortcut steps through. */
export function cycleTheme(): void {
  setTheme(THEME_CHOICES[(THEME_CHOICES.indexOf(choice) + 1) % THEME_CHOICES.length]!);
}

export function subscribeTheme(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useThemeChoice(): ThemeChoice {
  return useSyncExternalStore(subscribeTheme, () => choice);
}
