import { chicagoFormat } from './chicago-format.js';
import { genericCsvFormat } from './generic-csv-format.js';
import { geojsonFormat } from './geojson-format.js';
import type { ImportFormat } from './import-format.js';
import { policeUkCsvFormat } from './police-uk-csv-format.js';
import { policeUkJsonFormat } from './police-uk-json-format.js';
import { policeUkTidyFormat } from './police-uk-tidy-format.js';

export const IMPORT_FORMATS: Readonly<Record<string, ImportFormat>> = Object.freeze({
  'police-uk-json': policeUkJsonFormat,
  'police-uk-csv': policeUkCsvFormat,
  'police-uk-tidy': policeUkTidyFormat,
  chicago: chicagoFormat,
  csv: genericCsvFormat,
  geojson: geojsonFormat,
});

export function findFormat(name: string): ImportFormat | undefined {
  return Object.hasOwn(IMPORT_FORMATS, name) ? IMPORT_FORMATS[name] : undefined;
}
