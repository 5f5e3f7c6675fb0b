import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this file so that tests run from any working directory. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const RUNNING_LINE = /Openbeat is running at (http:\/\/\S+)/;

/**
 * The environment for a child process: this process's environment without the settings a child
 * must not inherit by accident (DATABASE_URL, DATA_DIR, PORT), then `overrides`, where
 * `undefined` means "unset".
 */
export function childEnv(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const notInherited = new Set(['DATABASE_URL', 'DATA_DIR', 'PORT']);
  const inherited = Object.entries(process.env).filter(([name]) => !notInherited.has(name));
  const merged = [...inherited, ...Object.entries(overrides)];
  // Later entries win; an override of `undefined` removes the setting.
  const env = new Map(merged);
  return Object.fromEntries(
    [...env].filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

export interface ServerProcess {
  /** The printed address, with `localhost` replaced by 127.0.0.1, where the server listens. */
  url: string;
  pid: number;
  /** Sends `signal` and resolves with the exit code (null when a signal ended the process). */
  stop(signal?: NodeJS.Signals, options?: { timeoutMs?: number }): Promise<number | null>;
  /** Everything the process wrote so far, stdout then stderr. */
  output(): string;
  /** SIGKILL for the server's process group, for clean-up after a failed test; never throws. */
  kill(): void;
}

interface Collected {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Runs a TypeScript entry point as `npm start` does: `node --import tsx`, in one process, so a
 * signal reaches the server itself (the tsx CLI would relay it, and SIGKILL a busy server).
 */
function spawnTsx(script: string, args: string[], env: NodeJS.ProcessEnv): Collected {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so a forced stop reaches anything it started.
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    // 'close' comes after the pipes are drained, so the output is complete when it resolves.
    child.on('close', (code, signal) => {
      resolve({ code, signal });
    });
    child.on('error', (error) => {
      stderr += `\n[spawn error] ${error.message}`;
      resolve({ code: null, signal: null });
    });
  });
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    output: () => `--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`,
    exited,
  };
}

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** SIGKILL for the whole process group of the server. */
function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/**
 * Starts the real server as `npm start` does (`node --import tsx server/server.ts` in the repository root) with
 * exactly `env`, and waits for the "Openbeat is running at …" line. PORT=0 picks a free port.
 */
export async function startServer(
  env: NodeJS.ProcessEnv,
  options: { timeoutMs?: number } = {},
): Promise<ServerProcess> {
  const timeoutMs = options.timeoutMs ?? 90_000;
  const run = spawnTsx('server/server.ts', [], env);
  const { child } = run;

  const printed = await new Promise<string>((resolve, reject) => {
    let settled = false;
    const finish = (error: Error | undefined, url?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      if (error) reject(error);
      else resolve(url ?? '');
    };
    const onData = () => {
      const match = RUNNING_LINE.exec(run.stdout());
      if (match?.[1]) finish(undefined, match[1]);
    };
    const timer = setTimeout(() => {
      killGroup(child);
      finish(new Error(`the server did not start within ${timeoutMs} ms\n${run.output()}`));
    }, timeoutMs);
    child.stdout?.on('data', onData);
    void run.exited.then(({ code, signal }) => {
      finish(
        new Error(
          `the server exited before it was ready (code ${String(code)}, signal ${String(signal)})\n${run.output()}`,
        ),
      );
    });
  });

  const url = new URL(printed);
  if (url.hostname === 'localhost') url.hostname = '127.0.0.1';

  return {
    url: url.origin,
    pid: child.pid ?? -1,
    output: run.output,
    kill() {
      if (isRunning(child)) killGroup(child);
    },
    async stop(signal: NodeJS.Signals = 'SIGTERM', stopOptions: { timeoutMs?: number } = {}) {
      const stopTimeoutMs = stopOptions.timeoutMs ?? 20_000;
      if (isRunning(child)) child.kill(signal);
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => {
          resolve('timeout');
        }, stopTimeoutMs);
      });
      const result = await Promise.race([run.exited, timedOut]);
      clearTimeout(timer);
      if (result === 'timeout') {
        killGroup(child);
        await run.exited;
        throw new Error(
          `the server did not exit within ${stopTimeoutMs} ms of ${signal}; killed it\n${run.output()}`,
        );
      }
      return result.code;
    },
  };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The last non-empty line of stdout: the key, when the command succeeded. */
  lastLine: string;
}

const KEY_COMMANDS = {
  'key:create': 'server/cli/create-key.ts',
  'key:list': 'server/cli/list-keys.ts',
  'key:revoke': 'server/cli/revoke-key.ts',
} as const;

/** Runs `npm run <command> -- <args>` (node --import tsx server/cli/<script>.ts) to its end. */
export async function runKeyCommand(
  command: keyof typeof KEY_COMMANDS,
  env: NodeJS.ProcessEnv,
  args: string[],
  options: { timeoutMs?: number } = {},
): Promise<CliResult> {
  const timeoutMs = options.timeoutMs ?? 90_000;
  const run = spawnTsx(KEY_COMMANDS[command], args, env);
  const timer = setTimeout(() => {
    killGroup(run.child);
  }, timeoutMs);
  const { code, signal } = await run.exited;
  clearTimeout(timer);
  if (signal === 'SIGKILL') {
    throw new Error(`${command} did not finish within ${timeoutMs} ms\n${run.output()}`);
  }
  const lines = run
    .stdout()
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  return { code, stdout: run.stdout(), stderr: run.stderr(), lastLine: lines.at(-1) ?? '' };
}

/** Runs `npm run key:create -- --role <role> --name <name>`. */
export function runCreateKey(
  env: NodeJS.ProcessEnv,
  args: string[],
  options: { timeoutMs?: number } = {},
): Promise<CliResult> {
  return runKeyCommand('key:create', env, args, options);
}

/** Creates a key with the CLI and returns it, failing with the command's output if it failed. */
export async function createKeyWithCli(
  env: NodeJS.ProcessEnv,
  options: { role?: string; name: string; timeoutMs?: number },
): Promise<string> {
  const result = await runCreateKey(
    env,
    ['--role', options.role ?? 'dispatcher', '--name', options.name],
    options,
  );
  if (result.code !== 0) {
    throw new Error(
      `key:create exited with ${String(result.code)}\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`,
    );
  }
  return result.lastLine;
}
