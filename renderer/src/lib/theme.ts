/**
 * Light or dark: the OS decides unless the user picked one (remembered). The choice is applied as
 * `data-theme` on the root element, where CSS turns it into color-scheme; Monaco reads the effective
 * scheme through useColorScheme.
 */
import { z } from 'zod/mini';
import { readPersisted, writePersisted } from './persisted';
import { createStore, useStore } from './store';

export const THEME_CHOICES = ['system', 'dark', 'light'] as const;
export type ThemeChoice = (typeof THEME_CHOICES)[number];

const KEY = 'theme';
const choice = createStore<ThemeChoice>(readPersisted(KEY, z.enum(THEME_CHOICES), 'system'));

function apply(theme: ThemeChoice): void {
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
}
apply(choice.get());

export function setTheme(next: ThemeChoice): void {
  writePersisted(KEY, next);
  // The root's data-theme is set before anyone hears of the change, so what they read agrees with it.
  apply(next);
  choice.set(next);
}

/** system → dark → light → system: the order a shortcut steps through. */
export function cycleTheme(): void {
  setTheme(THEME_CHOICES[(THEME_CHOICES.indexOf(choice.get()) + 1) % THEME_CHOICES.length]!);
}

export const subscribeTheme = choice.subscribe;

export function useThemeChoice(): ThemeChoice {
  return useStore(choice);
}
