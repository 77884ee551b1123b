/**
 * A file that is not valid JSON is refused with where it breaks (line, column, byte offset) and what was
 * expected there, never with its bytes: a user who names the wrong file (a key, a password store) must
 * not get a piece of it back in an error the API returns or `--verbose` prints. Each document below
 * breaks exactly where a secret-looking word starts; the positions are counted by hand from the text.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/cli';
import { parseJsonBytes } from '../../electron/core/convert/goJson';
import { openSource } from '../../electron/core/sources/openSource';
import { rejection, refusal } from '../support/lensError';

const work = mkdtempSync(join(tmpdir(), 'lens-parse-errors-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const SECRET = 'hunter2-s3cr3t-Tok3n';
/** Every run of 3 characters of the secret: no error may hold even a fragment of it. */
const fragments = [...SECRET].flatMap((_, i) => (i + 3 <= SECRET.length ? [SECRET.slice(i, i + 3)] : []));

/** One line: `{"schemaVersion": 2, "x": ` is 26 characters, so the secret starts at byte 26, column 27. */
const ONE_LINE = `{"schemaVersion": 2, "x": ${SECRET}}`;
/** Three lines with a two-byte character before the failure: line 3, column 8, byte 2 + 11 + 7 = 20. */
const MULTI_LINE = `{\n  "é": 1,\n  "k": ${SECRET}\n}`;

const cases = [
  { name: 'one line', text: ONE_LINE, where: 'line 1, column 27 (byte 26)' },
  { name: 'after a newline and a two-byte character', text: MULTI_LINE, where: 'line 3, column 8 (byte 20)' },
];

function expectNoSecret(...texts: Array<string | undefined>) {
  for (const text of texts) for (const fragment of fragments) expect(text ?? '').not.toContain(fragment);
}

const noRegistry = { clientFor: () => expect.fail('no registry is involved') as never };

describe('JSON errors give the position, not the bytes', () => {
  it.each(cases)('the strict (Go-compatible) parser: $name', ({ text, where }) => {
    const error = refusal(() => parseJsonBytes(new TextEncoder().encode(text), 'document'));
    expect(error.code).toBe('INPUT_INVALID');
    expect(error.detail).toContain(`Invalid JSON at ${where}: expected a value`);
    expectNoSecret(error.message, error.detail);
  });

  it.each(cases)('a manifest file through openSource: $name', async ({ name, text, where }) => {
    const file = join(work, `${name.replace(/\W+/g, '-')}.json`);
    writeFileSync(file, text);
    const error = await rejection(openSource(file, noRegistry));
    expect(error.code).toBe('INPUT_INVALID');
    expect(error.message).toBe('The manifest is not valid JSON.');
    expect(error.detail).toContain(`Invalid JSON at ${where}`);
    expectNoSecret(error.message, error.detail);
  });

  it("an OCI layout's index.json and a manifest file's config", async () => {
    const dir = join(work, 'layout');
    mkdirSync(dir);
    writeFileSync(join(dir, 'oci-layout'), '{"imageLayoutVersion": "1.0.0"}');
    writeFileSync(join(dir, 'index.json'), MULTI_LINE);
    const index = await rejection(openSource(`oci:${dir}`, noRegistry));
    expect(index.detail).toContain('Invalid JSON at line 3, column 8 (byte 20)');
    expectNoSecret(index.message, index.detail);
  });

  it('the CLI with --verbose prints the position and no byte of the file', async () => {
    const file = join(work, 'cli.json');
    writeFileSync(file, MULTI_LINE);
    const stdout: string[] = [];
    const stderr: string[] = [];
    const code = await runCli(['convert', file, '--to', 'oci', '--verbose'], {
      stdout: (t) => stdout.push(t),
      stderr: (t) => stderr.push(t),
      stdoutBytes: () => undefined,
    });
    expect(code).toBe(2);
    expect(stderr[0]).toBe('manifest-lens: The manifest is not valid JSON.');
    expect(stderr.join('\n')).toContain('Invalid JSON at line 3, column 8 (byte 20)');
    expectNoSecret(...stderr, ...stdout);
  });
});
