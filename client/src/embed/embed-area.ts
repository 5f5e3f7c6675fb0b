import type { Bbox } from '../../../shared/geo/bbox.js';
import type { MapEmbedParams } from '../../../shared/embed/embed-params.js';
import type { DistrictFeature } from '../../../shared/schemas/district.js';
import { unknownDistrictProblem } from './embed-problems.js';
import type { EmbedProblem } from '../../../shared/embed/embed-params.js';
import { loadDistricts } from './embed-rest.js';

/** Where the embed looks: a bbox, a district (with its outline), or everywhere. */
export type ResolvedArea =
  | { ok: true; bbox: Bbox | null; district: DistrictFeature | null }
  | { ok: false; problem: EmbedProblem; known: string[] };

export function boundsOf(district: DistrictFeature): Bbox {
  const bbox: Bbox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const polygon of district.geometry.coordinates) {
    for (const ring of polygon) {
      for (const [lon, lat] of ring) {
        bbox[0] = Math.min(bbox[0], lon);
        bbox[1] = Math.min(bbox[1], lat);
        bbox[2] = Math.max(bbox[2], lon);
        bbox[3] = Math.max(bbox[3], lat);
      }
    }
  }
  return bbox;
}

/** Names match as the district list writes them, ignoring case. */
export async function resolveArea(area: MapEmbedParams['area']): Promise<ResolvedArea> {
  if (area === null) return { ok: true, bbox: null, district: null };
  if (area.kind === 'bbox') return { ok: true, bbox: area.bbox, district: null };
  const districts = (await loadDistricts()).features;
  const wanted = area.name.toLocaleLowerCase();
  const district = districts.find((d) => d.properties.name.toLocaleLowerCase() === wanted);
  if (district) return { ok: true, bbox: boundsOf(district), district };
  const known = districts.map((d) => d.properties.name).sort();
  return { ok: false, problem: unknownDistrictProblem(area.name, known), known };
}
