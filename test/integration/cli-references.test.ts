/**
 * References that distribution's grammar takes but no URL can carry end as REFERENCE_INVALID (exit 2)
 * with one line on stderr, before any request: not as an internal error when the URL is built.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/cli';

describe('the CLI refuses references whose host makes no URL', () => {
  it.each(['[E]/a', '127.l0.0.1:5000/a:b', 'key127.0.0.1:5000/a', '127.0.0.1:75050/a'])('inspect %s is exit 2', async (reference) => {
    const stderr: string[] = [];
    const code = await runCli(['inspect', reference], {
      stdout: () => undefined,
      stderr: (t) => stderr.push(t),
      stdoutBytes: () => undefined,
    });
    expect(code).toBe(2);
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toMatch(/^manifest-lens: Invalid image reference ".*": invalid reference format: registry host \(/);
  });
});
