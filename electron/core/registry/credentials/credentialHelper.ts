/**
 * docker-credential-helpers protocol: `docker-credential-NAME get` reads the server URL on stdin and
 * writes {"ServerURL","Username","Secret"} on stdout. Username "<token>" means the secret is an identity
 * token. A helper that has nothing says "credentials not found in native keychain" and exits non-zero.
 */
import { spawn } from 'node:child_process';
import { z } from 'zod';
import { AuthError } from '../authError';
import type { Credential, CredentialEnvironment } from './types';

const HelperAnswer = z.looseObject({
  ServerURL: z.string().optional(),
  Username: z.string().default(''),
  Secret: z.string().default(''),
});

const TOKEN_USERNAME = '<token>';
const NOT_FOUND = 'credentials not found in native keychain';
/** A helper name becomes part of a program name: nothing that could reach another directory. */
const HELPER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const MAX_OUTPUT_BYTES = 64 * 1024;
/** How much of a failing helper's own words goes into the error detail. */
const SHOWN_OUTPUT_CHARS = 300;

export function helperProgram(name: string): string {
  return `docker-credential-${name}`;
}

/** The helper's credential for `serverUrl`, or null when it has none. Throws AuthError('helper-failed'). */
export async function runCredentialHelper(name: string, serverUrl: string, environment: CredentialEnvironment): Promise<Credential | null> {
  const program = helperProgram(name);
  const fail = (what: string, detail?: string): never => {
    throw new AuthError('helper-failed', `The credential helper ${program} ${what}.`, detail);
  };
  if (!HELPER_NAME.test(name)) fail('has a name that is not a program name; fix credHelpers / credsStore');

  const { code, stdout, stderr, error, timedOut } = await run(program, serverUrl, environment);
  if (error?.code === 'ENOENT') fail(`is not installed or not on PATH; install it or remove it from the config file`);
  if (error) fail(`could not be started (${error.code ?? error.message})`);
  if (timedOut) fail(`did not answer within ${environment.helperTimeoutMs / 1000} s`);
  if (code !== 0) {
    if (stdout.includes(NOT_FOUND) || stderr.includes(NOT_FOUND)) return null;
    fail(`failed (exit code ${code})`, firstWords(stderr || stdout));
  }
  let answer: z.infer<typeof HelperAnswer>;
  try {
    answer = HelperAnswer.parse(JSON.parse(stdout));
  } catch {
    // The output may hold the secret in a malformed shape: say nothing of its content.
    return fail('answered with something that is not its JSON format');
  }
  if (!answer.Secret) return null;
  if (answer.Username === TOKEN_USERNAME) return { kind: 'identity-token', username: null, token: answer.Secret };
  if (!answer.Username) return null;
  return { kind: 'password', username: answer.Username, password: answer.Secret };
}

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  error: NodeJS.ErrnoException | null;
  timedOut: boolean;
}

function run(program: string, input: string, environment: CredentialEnvironment): Promise<RunResult> {
  return new Promise((resolve) => {
    const env = Object.fromEntries(Object.entries(environment.env).filter(([, v]) => v !== undefined)) as NodeJS.ProcessEnv;
    // Its own process group, so that a timeout ends whatever the helper started too (a shell's children).
    const child = spawn(program, ['get'], { env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    const killGroup = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    let timedOut = false;
    let settled = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
      finish(null, null);
    }, environment.helperTimeoutMs);
    const finish = (code: number | null, error: NodeJS.ErrnoException | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({
        code,
        stdout: Buffer.concat(out).toString('utf8').trim(),
        stderr: Buffer.concat(err).toString('utf8').trim(),
        error,
        timedOut,
      });
    };
    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_OUTPUT_BYTES) killGroup();
      else into.push(chunk);
    };
    child.stdout.on('data', collect(out));
    child.stderr.on('data', collect(err));
    child.on('error', (e: NodeJS.ErrnoException) => finish(null, e));
    child.stdin.on('error', () => {}); // a helper that exits without reading stdin is not our failure
    child.stdin.end(input);
    child.on('close', (code) => finish(code, null));
  });
}

function firstWords(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > SHOWN_OUTPUT_CHARS ? `${line.slice(0, SHOWN_OUTPUT_CHARS)}…` : line;
}
