import type { ExportFormat } from './export.schemas.js';
import { DATA_LICENSE } from './data-license.js';
import { GENERALISATION_HEADER } from './generalisation.js';

const CONTENT_TYPES: Record<ExportFormat, string> = {
  geojson: 'application/geo+json',
  csv: 'text/csv; charset=utf-8',
};

/** 2026-11-25T23:40:00.123Z → 20261125T234000Z: sorts by time and is safe in a file name. */
function fileTime(time: Date): string {
  return time
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/**
 * The export's metadata as response headers, for both formats: a CSV has no place for it
 * (a comment line would break CSV readers), and the GeoJSON carries it in its body too.
 */
export function exportHeaders(
  layer: string,
  format: ExportFormat,
  exportedAt: Date,
): Record<string, string> {
  return {
    'content-type': CONTENT_TYPES[format],
    'content-disposition': `attachment; filename="openbeat-${layer}-${fileTime(exportedAt)}.${format}"`,
    link: `<${DATA_LICENSE.url}>; rel="license"`,
    'x-openbeat-license': DATA_LICENSE.id,
    'x-openbeat-attribution': DATA_LICENSE.attribution,
    'x-openbeat-generalisation': GENERALISATION_HEADER,
    'x-openbeat-exported-at': exportedAt.toISOString(),
  };
}
