import { describe, expect, it } from 'vitest';
import { formatAuditProgress } from './auditText';

describe('audit progress line', () => {
  it('estimates the time left from the repositories this run did, not those a state file had done', () => {
    // 10 s in, 5 of this run's repositories done (15 with the 10 resumed), 5 left: 2 s each, 10 s.
    const line = formatAuditProgress(
      { repositoriesDone: 15, repositoriesTotal: 20, repositoriesResumed: 10, tagsThisRun: 50, startedAt: 0 },
      10_000,
    );
    expect(line).toBe('audit: 15/20 repositories, 50 tags, 5 tags/s, ETA 10 s');
  });
});
