/** The references inspected lately, newest first, for the reference field's suggestions. */

export const RECENT_LIMIT = 20;

/** Adds a reference at the front; an earlier copy moves up rather than appearing twice. */
export function withRecent(recent: readonly string[], reference: string, limit = RECENT_LIMIT): string[] {
  const trimmed = reference.trim();
  if (trimmed === '') return [...recent];
  return [trimmed, ...recent.filter((r) => r !== trimmed)].slice(0, limit);
}
