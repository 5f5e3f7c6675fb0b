/** What an import takes from a GeoJSON FeatureCollection, before PostGIS checks the shapes. */
export interface DistrictFeature {
  /** The feature's index in the file, so that reports point at it. */
  position: number;
  name: string;
  geometry: string;
}

export interface RejectedFeature {
  position: number;
  name: string | null;
  reason: string;
}

export class DistrictFileError extends Error {}

const POLYGONAL = new Set(['Polygon', 'MultiPolygon']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nameOf(properties: unknown, nameProperty: string): string | null {
  if (!isRecord(properties)) return null;
  const value = properties[nameProperty];
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string' || value.trim() === '') return null;
  return value.trim();
}

/**
 * Reads the features of a FeatureCollection: Polygon and MultiPolygon with a name are kept,
 * anything else is reported with the reason; a repeated name keeps its first feature.
 */
export function readDistrictFeatures(
  text: string,
  nameProperty: string,
): { features: DistrictFeature[]; rejected: RejectedFeature[] } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new DistrictFileError(`not JSON: ${(error as Error).message}`);
  }
  if (!isRecord(parsed) || parsed.type !== 'FeatureCollection' || !Array.isArray(parsed.features)) {
    throw new DistrictFileError('not a GeoJSON FeatureCollection');
  }
  const features: DistrictFeature[] = [];
  const rejected: RejectedFeature[] = [];
  const seen = new Set<string>();
  parsed.features.forEach((feature: unknown, position) => {
    const name = isRecord(feature) ? nameOf(feature.properties, nameProperty) : null;
    const geometry = isRecord(feature) ? feature.geometry : undefined;
    const reject = (reason: string) => rejected.push({ position, name, reason });
    if (name === null) return reject(`no "${nameProperty}" property`);
    if (!isRecord(geometry) || typeof geometry.type !== 'string') return reject('no geometry');
    if (!POLYGONAL.has(geometry.type)) {
      return reject(`a ${geometry.type}, not a Polygon or MultiPolygon`);
    }
    if (!Array.isArray(geometry.coordinates)) return reject('geometry without coordinates');
    if (seen.has(name)) return reject(`the name "${name}" appears again; the first one is kept`);
    seen.add(name);
    features.push({ position, name, geometry: JSON.stringify(geometry) });
  });
  return { features, rejected };
}
