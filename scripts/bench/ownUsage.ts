/**
 * What this process used: CPU time, and its peak resident memory since it exec'd (VmHWM). Not
 * ru_maxrss: Linux starts a child's ru_maxrss from its parent's, and these runs are started by a
 * process that also drives a registry.
 */
import { readFileSync } from 'node:fs';

export function ownUsage(): { cpuMs: number; peakRssKb: number } {
  const cpu = process.cpuUsage();
  const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
  if (!hwm) throw new Error('/proc/self/status has no VmHWM line');
  return { cpuMs: (cpu.user + cpu.system) / 1000, peakRssKb: Number(hwm[1]) };
}
