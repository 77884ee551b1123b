/**
 * Scopes of distribution's token specification: `type:name:action,action`. The name may hold a colon
 * (a registry host with a port in some catalogues), so the type is cut at the first colon and the
 * actions at the last.
 */
import type { ScopeView } from '../../../shared/auth';

export function parseScope(text: string): ScopeView | null {
  const first = text.indexOf(':');
  const last = text.lastIndexOf(':');
  if (first <= 0 || last === first) return null;
  const actions = text
    .slice(last + 1)
    .split(',')
    .filter(Boolean);
  return { type: text.slice(0, first), name: text.slice(first + 1, last), actions };
}

export function formatScope(scope: ScopeView): string {
  return `${scope.type}:${scope.name}:${scope.actions.join(',')}`;
}

/** The scope a request on a repository needs: pull to read; pull and push only when it writes. */
export function repositoryScope(repository: string, access: 'pull' | 'push'): string {
  return `repository:${repository}:${access === 'push' ? 'pull,push' : 'pull'}`;
}

/** Each asked scope's actions that no granted scope of the same type and name covers. */
export function missingScopes(asked: readonly string[], granted: readonly ScopeView[]): string[] {
  const missing: string[] = [];
  for (const text of asked) {
    const want = parseScope(text);
    if (!want) continue;
    const have = new Set(granted.filter((g) => g.type === want.type && g.name === want.name).flatMap((g) => g.actions));
    const lacking = want.actions.filter((a) => !have.has(a) && !have.has('*'));
    if (lacking.length > 0) missing.push(formatScope({ ...want, actions: lacking }));
  }
  return missing;
}
