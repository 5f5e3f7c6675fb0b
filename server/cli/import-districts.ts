import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { importDistricts, type DistrictImportReport } from '../districts/import-districts.js';
import { ImportUsageError } from '../import/import-format.js';

export const DISTRICTS_USAGE = `       npm run import -- districts <file.geojson> --name-property <property> [--source NAME]
         district polygons; a re-import replaces shapes by name`;

function describeReport(file: string, report: DistrictImportReport): string {
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

/**
 * `districts <file> --name-property <p>`: the arguments after the word "districts". Prints the
 * import's summary; resolves to the exit code. A usage problem throws ImportUsageError.
 */
export async function importDistrictsCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { 'name-property': { type: 'string' }, source: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const [file] = positionals;
  const nameProperty = values['name-property'];
  if (file === undefined || positionals.length > 1) {
    throw new ImportUsageError('districts takes one GeoJSON file');
  }
  if (!nameProperty) throw new ImportUsageError('districts needs --name-property');
  const db = await openDatabase(loadConfig());
  try {
    const report = await importDistricts(db.pool, fs.createReadStream(file), {
      nameProperty,
      source: values.source ?? path.basename(file),
    });
    console.log(describeReport(file, report));
    // A wrong --name-property rejects every feature: that is a failed import, not a quiet one.
    return report.features > 0 && report.rejected.length === report.features ? 1 : 0;
  } finally {
    await db.close();
  }
}
