/** Runs the command line in this process, as a terminal would, and keeps what it prints. */
import { runCli } from '../../electron/cli/cli';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `manifest-lens ...argv`: the exit code, and stdout and stderr as text (one printed line each). */
export async function cli(...argv: string[]): Promise<CliRun> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runCli(argv, { stdout: (t) => stdout.push(t), stderr: (t) => stderr.push(t) });
  return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
}
