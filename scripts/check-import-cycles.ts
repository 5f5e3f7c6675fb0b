import { fileURLToPath } from 'node:url';
import { findImportCycles } from './import-cycles.js';

/**
 * `npm run check:cycles`: fails when a file of server/, shared/ or client/ (TypeScript and
 * Svelte, type-only and dynamic imports included) reaches itself through its imports. Cycles
 * between the folders of server/ are listed too and fail the check as well.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const { files, folders } = await findImportCycles(root, {
  patterns: ['server/**/*.ts', 'shared/**/*.ts', 'client/**/*.{ts,svelte}'],
  folderLevelOf: 'server',
});

for (const cycle of files) console.error(`import cycle: ${[...cycle, cycle[0]].join(' → ')}`);
for (const { folders: cycle, imports } of folders) {
  console.error(`folder cycle in server/: ${[...cycle, cycle[0]].join(' → ')}, through`);
  for (const line of imports) console.error(`  ${line}`);
}
if (files.length + folders.length > 0) {
  console.error(`${files.length} import cycle(s), ${folders.length} folder cycle(s) in server/`);
  process.exitCode = 1;
} else {
  console.log('no import cycles in server/, shared/ and client/, and none between server/ folders');
}
