import { spawn } from 'node:child_process';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { onCleanup } from './cleanup.js';

/** The repository root: bench/support/ is two levels below it. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ChildServer {
  name: string;
  pid: number;
  /** http://127.0.0.1:PORT, whatever host name the server printed. */
  url: string;
  port: number;
  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`; resolves with how it ended. */
  stop(graceMs?: number): Promise<string>;
}

export interface ChildServerOptions {
  /** A short name for messages and for prefixing the server's own output. */
  name: string;
  /** A TypeScript file, relative to the repository root, run with tsx. */
  script: string;
  env: NodeJS.ProcessEnv;
  /** Matches the line the server prints once it listens; group 1 is the port. */
  readyLine: RegExp;
  startTimeoutMs?: number;
  /**
   * Node options placed before `--import tsx <script>`; the child is one process either way, so
   * its CPU time and memory are those of the server itself.
   */
  nodeArgs?: readonly string[];
  /** Called with every line the child prints, before and after its ready line. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Lines not passed on to stderr (e.g. the inspector's "Debugger attached."). */
  quietLine?: RegExp;
}

/**
 * Starts `node --import tsx <script>` as a child process (PORT=0 in `env` lets it choose a free port) and waits
 * for its ready line. Other output is passed on to stderr prefixed with the name, so warnings and
 * errors the server logs under load are seen. A cleanup step stops it in any case.
 */
export function startChildServer(options: ChildServerOptions): Promise<ChildServer> {
  const {
    name,
    script,
    env,
    readyLine,
    startTimeoutMs = 120_000,
    nodeArgs,
    onLine,
    quietLine,
  } = options;
  // In-process TypeScript (`--import tsx`), as `npm start` runs: the tsx CLI would stand between
  // the signal and the server and SIGKILL a server that is busy for 60 ms.
  const [command, args] = [process.execPath, [...(nodeArgs ?? []), '--import', 'tsx', script]];
  const child = spawn(command, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = child.pid;
  let exit: string | undefined;
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = signal ? `killed by ${signal}` : `exit code ${code ?? 'unknown'}`;
      resolve(exit);
    });
  });

  const stop = async (graceMs = 15_000): Promise<string> => {
    if (exit !== undefined) return exit;
    child.kill('SIGTERM');
    const timer = setTimeout(() => {
      console.error(`${name} did not stop within ${graceMs} ms of SIGTERM; sending SIGKILL`);
      child.kill('SIGKILL');
    }, graceMs);
    try {
      return await exited;
    } finally {
      clearTimeout(timer);
    }
  };
  onCleanup(`stop ${name}`, async () => {
    await stop();
  });

  const recent: string[] = [];
  const remember = (line: string) => {
    recent.push(line);
    if (recent.length > 20) recent.shift();
  };

  return new Promise<ChildServer>((resolve, reject) => {
    let ready = false;
    const fail = (reason: string) => {
      if (ready) return;
      ready = true;
      clearTimeout(timer);
      const output = recent.length > 0 ? `\n${recent.map((line) => `  ${line}`).join('\n')}` : '';
      void stop(2_000).finally(() => {
        reject(new Error(`${name} did not start: ${reason}${output}`));
      });
    };
    const timer = setTimeout(() => {
      fail(`no "ready" line within ${startTimeoutMs} ms`);
    }, startTimeoutMs);

    if (pid === undefined) {
      child.once('error', (error) => {
        fail(error.message);
      });
      return;
    }
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      onLine?.(line, 'stdout');
      const match = ready ? null : readyLine.exec(line);
      const port = Number(match?.[1]);
      if (match && Number.isInteger(port) && port > 0) {
        ready = true;
        clearTimeout(timer);
        resolve({ name, pid, url: `http://127.0.0.1:${port}`, port, stop });
        return;
      }
      remember(line);
      if (ready) console.error(`[${name}] ${line}`);
    });
    readline.createInterface({ input: child.stderr }).on('line', (line) => {
      onLine?.(line, 'stderr');
      if (quietLine?.test(line)) return;
      remember(line);
      if (ready) console.error(`[${name}] ${line}`);
    });
    void exited.then((how) => {
      fail(`it ended (${how})`);
    });
  });
}

/** Openbeat's server (`server/server.ts`, as `npm start` runs it) on `databaseUrl`, a free port. */
export function startOpenbeatServer(
  databaseUrl: string,
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<ChildServer> {
  return startChildServer({
    name: 'openbeat',
    script: 'server/server.ts',
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ...extraEnv,
    },
    readyLine: /Openbeat is running at https?:\/\/[^:\s]+:(\d+)/,
  });
}
