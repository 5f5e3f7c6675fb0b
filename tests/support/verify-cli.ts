import { spawn } from 'node:child_process';
import { REPO_ROOT } from './server-process.js';

export interface VerifyRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `npm run verify -- <args>` (node --import tsx server/cli/verify-audit.ts) to its end. */
export function runVerify(args: string[], timeoutMs = 60_000): Promise<VerifyRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'server/cli/verify-audit.ts', ...args],
      {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`verify did not finish within ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
