import os from 'node:os';
import { runCleanups } from './cleanup.js';

/** The machine a run was on, for the first lines of its report. */
export function machineLine(): string {
  const cpus = os.cpus();
  const load = os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
  return `machine: ${cpus.length} CPU (${cpus[0]?.model.trim() ?? 'unknown'}), Node ${process.version}, load average ${load}`;
}

/** Prints what went wrong in a run; any problem makes the benchmark exit non-zero. */
export function reportProblems(problems: readonly string[]): void {
  if (problems.length === 0) return;
  console.log('\nPROBLEMS (bugs to look at):');
  for (const problem of problems) console.log(`- ${problem}`);
  process.exitCode = 1;
}

/** Runs a benchmark's main, reports a failure in one line, and always cleans up after it. */
export async function runBenchmark(name: string, main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    console.error(`${name} failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  } finally {
    await runCleanups();
  }
}
