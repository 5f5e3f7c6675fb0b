import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { importDistricts, type DistrictImportReport } from '../districts/import-districts.js';

const USAGE =
  'usage: npm run import -- districts <file.geojson> --name-property <property> [--source <name>]';

export function describeReport(file: string, report: DistrictImportReport): string {
  const lines = [
    `${file}: ${report.features} features, ${report.inserted} districts new, ` +
      `${report.updated} replaced, ${report.unchanged} unchanged, ` +
      `${report.repaired.length} repaired, ${report.rejected.length} rejected; ` +
      `${report.incidentsReassigned} incidents moved to another district`,
  ];
  for (const r of report.repaired) lines.push(`  repaired #${r.position} "${r.name}": ${r.reason}`);
  for (const r of report.rejected) {
    lines.push(`  rejected #${r.position}${r.name ? ` "${r.name}"` : ''}: ${r.reason}`);
  }
  return lines.join('\n');
}

/** `districts <file> --name-property <p>`: the arguments after the word "districts". */
export async function runImportDistricts(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: { 'name-property': { type: 'string' }, source: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const file = positionals[0];
  const nameProperty = values['name-property'];
  if (!file || !nameProperty || positionals.length > 1) {
    console.error(USAGE);
    process.exit(2);
  }
  const db = await openDatabase(loadConfig());
  try {
    const report = await importDistricts(db.pool, fs.createReadStream(file), {
      nameProperty,
      source: values.source ?? path.basename(file),
    });
    console.log(describeReport(file, report));
    // A wrong --name-property rejects every feature: that is a failed import, not a quiet one.
    if (report.features > 0 && report.rejected.length === report.features) process.exitCode = 1;
  } finally {
    await db.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  runImportDistricts(args[0] === 'districts' ? args.slice(1) : args).catch((error: unknown) => {
    console.error(
      `import districts failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(1);
  });
}
