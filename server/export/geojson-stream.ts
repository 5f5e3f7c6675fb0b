import type { Transform } from 'node:stream';
import { toPublicFeature, type IncidentRow } from '../incidents/incident-row.js';
import { DATA_LICENSE } from './data-license.js';
import type { IncidentExport } from './export.schemas.js';
import { GENERALISATION } from './generalisation.js';
import { textStream } from './text-stream.js';

/**
 * A FeatureCollection written as it streams: the head with the metadata as foreign members
 * (RFC 7946 §6.1), then one public Feature per row, then the closing brackets.
 */
export function incidentGeoJsonStream(exportedAt: Date): Transform {
  const metadata: Omit<IncidentExport, 'features'> = {
    type: 'FeatureCollection',
    license: DATA_LICENSE.id,
    licenseUrl: DATA_LICENSE.url,
    attribution: DATA_LICENSE.attribution,
    generalisation: GENERALISATION,
    exportedAt: exportedAt.toISOString(),
  };
  const head = `${JSON.stringify(metadata).slice(0, -1)},"features":[\n`;
  return textStream<IncidentRow>({
    head,
    record: (row) => {
      const feature = toPublicFeature(row);
      return feature === null ? null : JSON.stringify(feature);
    },
    separator: ',\n',
    tail: '\n]}\n',
  });
}
