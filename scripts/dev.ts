import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';

/**
 * `npm run dev`: the API server (as `npm start` runs it, without building the client) and the
 * Vite dev server with hot reload, which proxies API and socket requests to it.
 */
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

// Its own process group, so a Ctrl-C in the terminal reaches it once, forwarded from here: a
// second SIGINT makes the server give up its graceful shutdown.
const api = spawn(process.execPath, ['--import', 'tsx', 'server/server.ts'], {
  cwd: repoRoot,
  stdio: 'inherit',
  detached: true,
});
const apiExited = new Promise<number>((resolve) => {
  api.on('exit', (code) => {
    resolve(code ?? 1);
  });
});
process.on('exit', () => {
  if (api.exitCode === null && api.signalCode === null) api.kill('SIGTERM');
});

const vite = await createServer({
  configFile: fileURLToPath(new URL('../client/vite.config.ts', import.meta.url)),
});

let stopping = false;
async function stop(signal: NodeJS.Signals, exitCode?: number): Promise<never> {
  stopping = true;
  if (api.exitCode === null && api.signalCode === null) api.kill(signal);
  await vite.close();
  const apiCode = await apiExited;
  process.exit(exitCode ?? apiCode);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void stop(signal));
}
void apiExited.then(async (code) => {
  if (stopping) return;
  console.error(`The API server exited (code ${code}); stopping the dev server.`);
  await vite.close();
  process.exit(code);
});

try {
  await vite.listen();
  vite.printUrls();
} catch (error) {
  console.error(
    `The Vite dev server could not start: ${error instanceof Error ? error.message : String(error)}`,
  );
  await stop('SIGTERM', 1);
}
