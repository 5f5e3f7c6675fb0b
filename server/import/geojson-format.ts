import { getIssues } from '@placemarkio/check-geojson';
import type { Readable } from 'node:stream';
import { ImportUsageError, type ImportFormat, type ImportOptions } from './import-format.js';
import { rejected, type ParsedRecord } from './import-row.js';
import { readAllText } from './input-stream.js';
import { checkMapping, RecordMapper } from './mapped-record.js';

interface PointFeature {
  id?: unknown;
  properties?: Record<string, unknown> | null;
  geometry?: { type?: unknown; coordinates?: unknown } | null;
}

const FEATURE_ID = '\u0000feature-id';

function issuesOf(json: string): string | null {
  const issues = getIssues(json);
  return issues.length === 0 ? null : issues.map((issue) => issue.message).join('; ');
}

/**
 * A GeoJSON FeatureCollection of points, validated with @placemarkio/check-geojson. Read and
 * checked whole (check-geojson takes a string); when the whole file has issues, each feature is
 * checked on its own so that only the invalid ones are skipped. Coordinates are WGS 84 (RFC 7946).
 */
export const geojsonFormat: ImportFormat = {
  name: 'geojson',
  positionLabel: 'feature',
  source: (options) => options.source ?? '',
  checkOptions: (options) => {
    checkMapping(options, 'geojson', false);
    if (options.srid !== undefined && options.srid !== 4326) {
      throw new ImportUsageError(
        'GeoJSON coordinates are WGS 84 (RFC 7946): --srid does not apply',
      );
    }
  },
  async *records(input: Readable, options: ImportOptions): AsyncIterable<ParsedRecord> {
    const text = await readAllText(input);
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new ImportUsageError(
        `not JSON: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const collection = data as { type?: unknown; features?: unknown };
    if (collection.type !== 'FeatureCollection' || !Array.isArray(collection.features)) {
      throw new ImportUsageError('expected a GeoJSON FeatureCollection');
    }
    const wholeFileValid = issuesOf(text) === null;
    const mapper = new RecordMapper({ ...options, srid: 4326 });
    const byFeatureId = new RecordMapper({ ...options, srid: 4326, id: FEATURE_ID });
    let position = 0;
    for (const feature of collection.features as PointFeature[]) {
      position += 1;
      const issues = wholeFileValid ? null : issuesOf(JSON.stringify(feature));
      if (issues !== null) {
        yield rejected(position, 'invalid GeoJSON', issues);
        continue;
      }
      if (feature.geometry?.type !== 'Point' || !Array.isArray(feature.geometry.coordinates)) {
        yield rejected(position, 'not a Point', JSON.stringify(feature.geometry?.type ?? null));
        continue;
      }
      const coordinates = feature.geometry.coordinates as number[];
      const properties = { ...(feature.properties ?? {}) };
      // Without --id, the feature's own id is the external id where it has one.
      yield options.id === undefined &&
      (typeof feature.id === 'string' || typeof feature.id === 'number')
        ? byFeatureId.map({ ...properties, [FEATURE_ID]: feature.id }, position, coordinates)
        : mapper.map(properties, position, coordinates);
    }
  },
};
