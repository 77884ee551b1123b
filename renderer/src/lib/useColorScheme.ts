import { useSyncExternalStore } from 'react';
import { subscribeTheme, useThemeChoice } from './theme';

const query = window.matchMedia('(prefers-color-scheme: dark)');

function subscribe(onChange: () => void): () => void {
  query.addEventListener('change', onChange);
  const unsubscribeTheme = subscribeTheme(onChange);
  return () => {
    query.removeEventListener('change', onChange);
    unsubscribeTheme();
  };
}

/** The effective colour scheme, live: the user's pick, else the OS. CSS follows by itself, Monaco needs telling. */
export function useColorScheme(): 'dark' | 'light' {
  const choice = useThemeChoice();
  const system = useSyncExternalStore(subscribe, () => (query.matches ? 'dark' : 'light'));
  return choice === 'system' ? system : choice;
}
