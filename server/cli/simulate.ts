import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import type { IncidentCreate } from '../../shared/schemas/incident.js';
import { seededRandom } from '../../shared/random.js';
import { uniformSeeds, type Bbox, type Seed } from '../demo/simulator-model.js';
import { httpTarget } from '../demo/simulator-targets.js';
import { Simulator } from '../demo/simulator.js';

const USAGE = `usage: npm run simulate -- --key <dispatcher key> [--rate <incidents per minute>]
  [--url http://127.0.0.1:3000] [--bbox minLon,minLat,maxLon,maxLat] [--speed N] [--seed N]
  (the key's name becomes the incidents' source: create it with --name simulator)`;

// The demo data's extent (Vancouver) and its mix, for a server with nothing to learn from.
const VANCOUVER: Bbox = [-123.225, 49.199, -123.023, 49.317];
const DEMO_MIX: [IncidentCreate['category'], number][] = [
  ['vehicle-crime', 0.52],
  ['theft', 0.4],
  ['bicycle-theft', 0.08],
];

function parseBbox(raw: string): Bbox {
  const parts = raw.split(',').map(Number);
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) {
    throw new Error(`--bbox must be minLon,minLat,maxLon,maxLat, got "${raw}"`);
  }
  return parts as Bbox;
}

function positive(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

/** Hot spots from the server's own recent incidents in the bbox (what the key may see). */
async function seedsFromServer(url: string, key: string, bbox: Bbox): Promise<Seed[]> {
  const response = await fetch(
    new URL(`/api/v1/incidents?bbox=${bbox.join(',')}&limit=1000`, url),
    { headers: { authorization: `Bearer ${key}` } },
  );
  if (!response.ok) throw new Error(`GET /api/v1/incidents answered ${response.status}`);
  const body = (await response.json()) as {
    features: { geometry: { coordinates: [number, number] }; properties: { category: string } }[];
  };
  return body.features.map((f) => ({
    lon: f.geometry.coordinates[0],
    lat: f.geometry.coordinates[1],
    category: f.properties.category as IncidentCreate['category'],
  }));
}

export async function runSimulate(args: string[]): Promise<Simulator> {
  const { values } = parseArgs({
    args,
    options: {
      url: { type: 'string', default: 'http://127.0.0.1:3000' },
      key: { type: 'string' },
      rate: { type: 'string' },
      bbox: { type: 'string' },
      speed: { type: 'string' },
      seed: { type: 'string' },
    },
    strict: true,
  });
  const key = values.key ?? process.env.OPENBEAT_KEY;
  if (!key) throw new Error(USAGE);
  const bbox = values.bbox ? parseBbox(values.bbox) : VANCOUVER;
  const random = values.seed ? seededRandom(Number(values.seed)) : Math.random;
  const learned = await seedsFromServer(values.url, key, bbox);
  const seeds = learned.length > 0 ? learned : uniformSeeds(bbox, DEMO_MIX, random);
  const simulator = new Simulator(httpTarget(values.url, key), {
    ratePerMinute: positive('rate', values.rate, 50),
    speed: positive('speed', values.speed, 1),
    seeds,
    random,
    // The place's rough solar time: close enough for when calls for service peak.
    utcOffsetHours: Math.round((bbox[0] + bbox[2]) / 2 / 15),
    log: (message) => {
      console.error(message);
    },
  });
  simulator.start();
  console.log(
    `simulating about ${positive('rate', values.rate, 50)} incidents a minute against ${values.url} ` +
      `(${learned.length > 0 ? `${learned.length} hot spots from its incidents` : 'no incidents there: spread over the bbox'})`,
  );
  return simulator;
}

// Only when run as the script: tests import runSimulate.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runSimulate(process.argv.slice(2))
    .then((simulator) => {
      const report = setInterval(() => {
        console.log(JSON.stringify(simulator.stats));
      }, 10_000);
      const stop = () => {
        clearInterval(report);
        void simulator.stop().then(() => {
          console.log(JSON.stringify(simulator.stats));
          process.exit(0);
        });
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    })
    .catch((error: unknown) => {
      console.error(`simulate failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    });
}
