/**
 * Cleanup for benchmarks that start servers and create databases: steps run last-registered
 * first, once, on a normal end, on an error, and on Ctrl-C / SIGTERM / SIGHUP.
 */
type Step = { label: string; run: () => Promise<void> };

const steps: Step[] = [];
let running: Promise<void> | undefined;

/** Registers a cleanup step; it runs before every step registered earlier. */
export function onCleanup(label: string, run: () => Promise<void>): void {
  steps.unshift({ label, run });
}

/** Runs every registered step once (later calls wait for the same run); a failing step is reported, not fatal. */
export function runCleanups(): Promise<void> {
  running ??= (async () => {
    for (const step of steps.splice(0)) {
      try {
        await step.run();
      } catch (error) {
        console.error(
          `cleanup: could not ${step.label}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
  })();
  return running;
}

/**
 * On a signal: clean up, then exit 128 + signal number like a process killed by it would. Later
 * signals are ignored while the cleanup runs, so a second Ctrl-C does not cut it short and leave
 * the servers and the database behind.
 */
export function cleanUpOnSignals(): void {
  const codes = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;
  let stopping = false;
  for (const [signal, code] of Object.entries(codes)) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      console.error(`\n${signal}: stopping the servers and dropping the benchmark database…`);
      void runCleanups().finally(() => process.exit(128 + code));
    });
  }
}
