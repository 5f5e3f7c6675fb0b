import { runImportCommand } from './import-command.js';

process.exitCode = await runImportCommand(process.argv.slice(2));
