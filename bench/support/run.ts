import { runCleanups } from './cleanup.js';

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
