import { fileURLToPath } from 'node:url';
import { clientRebuildReason } from '../client/build/client-build-staleness.js';

/** Run before `npm start`: builds the map client when client/dist is missing or older. */
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

try {
  const reason = await clientRebuildReason(repoRoot);
  if (reason !== null) {
    console.log(`Building the map client (${reason}) …`);
    // Loaded only when needed: Vite takes longer to import than the check takes to run.
    const { build } = await import('vite');
    await build({
      configFile: fileURLToPath(new URL('../client/vite.config.ts', import.meta.url)),
      logLevel: 'warn',
    });
  }
} catch (error) {
  console.error(
    `Openbeat could not build the map client: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
}
