/**
 * What the user did last (an Inspect, opening a view, choosing a diff side): the request log groups the
 * exchanges each action caused under it, so "why did this request happen" has an answer.
 */
export interface UserAction {
  /** Increasing within the session. */
  id: number;
  label: string;
}

let current: UserAction = { id: 0, label: 'Start' };

export function beginAction(label: string): void {
  current = { id: current.id + 1, label };
}

export function currentAction(): UserAction {
  return current;
}
