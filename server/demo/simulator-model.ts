import { findCategory } from '../../shared/categories.js';
import type { Random } from '../../shared/random.js';
import type { IncidentCreate } from '../../shared/schemas/incident.js';

/** The pure parts of the simulator: where, what, how often, and how the response unfolds. */

/** A standard normal draw (Box–Muller). */
export function gaussian(random: Random): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * Calls for service peak in the evening and are fewest before dawn: a factor from 0.4 (05:00)
 * to 1.6 (17:00) that averages 1 over the day, by the clock `utcOffsetHours` from UTC.
 */
export function timeOfDayFactor(at: Date, utcOffsetHours = 0): number {
  const hour = (at.getUTCHours() + at.getUTCMinutes() / 60 + utcOffsetHours + 24) % 24;
  return 1 + 0.6 * Math.cos((2 * Math.PI * (hour - 17)) / 24);
}

/** The wait until the next arrival of a Poisson process with this rate (per minute). */
export function nextArrivalMs(ratePerMinute: number, random: Random): number {
  return (-Math.log(1 - random()) / ratePerMinute) * 60_000;
}

export interface Seed {
  lon: number;
  lat: number;
  category: IncidentCreate['category'];
}

export type Bbox = [number, number, number, number];

const METRES_PER_DEGREE_LAT = 111_320;

/**
 * Hot spots: a past incident drawn at random (so places and categories follow the data's mix),
 * moved by a Gaussian spread of `spreadMetres`.
 */
export function samplePlace(seeds: readonly Seed[], random: Random, spreadMetres = 200): Seed {
  const seed = seeds[Math.floor(random() * seeds.length)];
  if (!seed) throw new Error('the simulator needs at least one seed');
  const dLat = (gaussian(random) * spreadMetres) / METRES_PER_DEGREE_LAT;
  const dLon =
    (gaussian(random) * spreadMetres) /
    (METRES_PER_DEGREE_LAT * Math.cos((seed.lat * Math.PI) / 180));
  return {
    lon: Math.max(-180, Math.min(180, seed.lon + dLon)),
    lat: Math.max(-90, Math.min(90, seed.lat + dLat)),
    category: seed.category,
  };
}

/** Seeds spread evenly over a bbox, for a server with no incidents to learn from. */
export function uniformSeeds(
  bbox: Bbox,
  mix: readonly [IncidentCreate['category'], number][],
  random: Random,
  count = 200,
): Seed[] {
  const total = mix.reduce((sum, [, weight]) => sum + weight, 0);
  const pick = () => {
    let r = random() * total;
    for (const [category, weight] of mix) {
      r -= weight;
      if (r < 0) return category;
    }
    return mix[mix.length - 1]?.[0] ?? 'other';
  };
  return Array.from({ length: count }, () => ({
    lon: bbox[0] + random() * (bbox[2] - bbox[0]),
    lat: bbox[1] + random() * (bbox[3] - bbox[1]),
    category: pick(),
  }));
}

// 1 is the most urgent: harm to people first, property crime last.
const BASE_PRIORITY: Partial<Record<string, number>> = {
  homicide: 1,
  weapons: 1,
  violence: 2,
  robbery: 2,
  kidnapping: 1,
  traffic: 2,
  burglary: 3,
  arson: 2,
  'domestic-abuse': 2,
  'public-order': 3,
  'anti-social-behaviour': 4,
  'criminal-damage': 4,
  theft: 4,
  shoplifting: 4,
  'bicycle-theft': 5,
  'vehicle-crime': 4,
};

/** The category's usual priority, one step more or less urgent now and then. */
export function priorityFor(category: string, random: Random): number {
  const base = BASE_PRIORITY[category] ?? 3;
  const r = random();
  const shifted = r < 0.1 ? base - 1 : r > 0.9 ? base + 1 : base;
  return Math.max(1, Math.min(5, shifted));
}

export function summaryFor(category: string): string {
  return `${findCategory(category)?.label ?? category} (simulated)`;
}

/** A new simulated incident: a sampled place and category, a priority, a marked summary. */
export function sampleIncident(
  seeds: readonly Seed[],
  random: Random,
  externalRef: string,
  spreadMetres?: number,
): IncidentCreate {
  const place = samplePlace(seeds, random, spreadMetres);
  return {
    category: place.category,
    priority: priorityFor(place.category, random),
    summary: summaryFor(place.category),
    location: { lon: place.lon, lat: place.lat },
    externalRef,
  };
}
