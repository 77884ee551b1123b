/** Runs the command line in this process, as a terminal would, and keeps what it prints. */
import { expect } from 'vitest';
import { runCli } from '../../electron/cli/cli';
import type { SupplyChainResult } from '../../shared/supplyChain';

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

/** What `supply-chain --json` prints: exactly the contract's keys. */
export type SupplyChainJson = Pick<SupplyChainResult, 'subject' | 'nodes' | 'coverage'>;

/** `manifest-lens supply-chain <reference> ...flags --json`, which must exit 0, parsed. */
export async function supplyChainJson(reference: string, ...flags: string[]): Promise<SupplyChainJson> {
  const run = await cli('supply-chain', reference, ...flags, '--json');
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as SupplyChainJson;
}
