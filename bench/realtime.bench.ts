/**
 * `npm run bench:realtime`: the live stream under load. A load process of its own
 * (bench/support/realtime-clients.ts) connects N clients with random district-sized viewports
 * over Chicago, to the Openbeat server under test (child process, its own PostgreSQL database);
 * this process POSTs R theft incidents per second for T seconds, over a box a bit larger than the
 * city, to a second Openbeat instance on the same database (the ingest instance), whose commits
 * reach the server under test through the events table and NOTIFY, as between the instances of a
 * deployment behind a load balancer. So the server under test only streams, and its CPU can be
 * set against that of the baseline, which does the same: a bare `ws` server that tails the same
 * events table and sends each event to the matching clients with a plain loop
 * (bench/support/bare-ws-relay.ts). In the same run the same clients and the same incidents go to
 * each; phases alternate: Openbeat, baseline, baseline, Openbeat, …
 *
 * Printed per target: delivered / expected deliveries (checked per client and incident: nothing
 * lost, nothing extra, nothing outside a viewport), ingest-to-client latency (POST sent → event
 * received, one machine clock), server CPU seconds per 10,000 deliveries and the ratio of
 * deliveries per CPU-second (Openbeat / baseline), and server memory per subscribed client.
 *
 * CPU: utime + stime from /proc of each server process, from the first POST to the last expected
 * delivery. Both servers run in every phase, the one without clients only tailing the events: the
 * marginal figure (CPU with clients less CPU without) is printed besides the total. Memory:
 * growth of RSS and of the V8 heap (read after a full GC through
 * the inspector, as both servers run with --inspect on a free local port) from before the clients
 * connect to when all are subscribed, divided by N.
 *
 * Settings (flag or environment variable): --clients/CLIENTS (default 1000), --rate/RATE
 * (incidents/s, 200), --duration/DURATION (seconds of writes per phase, 20), --rounds/ROUNDS
 * (1 round = one phase per target, 2), --warmup/WARMUP (seconds of writes in an uncounted first
 * phase per target, 5; 0 for none). TEST_DATABASE_URL names the PostgreSQL server (default
 * postgres://postgres@127.0.0.1:5432/postgres). Exits 1 when a delivery check or a write fails.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createApiKey } from '../server/auth/api-keys.service.js';
import { startChildServer, type ChildServer } from './support/child-server.js';
import { cleanUpOnSignals, onCleanup } from './support/cleanup.js';
import { machineLine, reportProblems, runBenchmark } from './support/run.js';
import { createBenchDatabase } from './support/database.js';
import {
  cpuSeconds,
  INSPECTOR_CHATTER,
  INSPECTOR_LINE,
  openFileLimit,
  readMemory,
  rssBytes,
  type MemoryReading,
} from './support/process-stats.js';
import {
  forkClientLoad,
  type Bbox,
  type ClientLoad,
  type Received,
  type TargetKind,
} from './support/realtime-clients.js';
import { formatTable, percentile } from './support/stats.js';
import { readIntegerSettings } from './support/settings.js';
import { incidentBody } from '../tests/support/incident-factory.js';

const GOAL_RATIO = 0.7;
const WRITE_RATE_LIMIT_PER_MINUTE = '100000000';
const CITY = { west: -87.94, east: -87.52, south: 41.64, north: 42.02 };
/** Incidents fall over the city and this margin around it (degrees), so some match no viewport. */
const MARGIN = 0.03;
/** Viewport widths in degrees of longitude (about 2.5 to 10 km at Chicago's latitude). */
const VIEW_WIDTH = { min: 0.03, max: 0.12 };
/** Height of a 4:3 landscape map view, in degrees of latitude per degree of longitude there. */
const VIEW_ASPECT = 0.75 * Math.cos((41.83 * Math.PI) / 180);
/** After the expected count is reached, how long to keep listening for extra deliveries. */
const EXTRA_WAIT_MS = 1_000;
/** Without the expected count, give up once nothing new arrived for this long. */
const QUIET_MS = 5_000;
const DRAIN_LIMIT_MS = 120_000;

function readSettings() {
  return readIntegerSettings({
    clients: { env: 'CLIENTS', fallback: 1000, min: 1 },
    rate: { env: 'RATE', fallback: 200, min: 1 },
    duration: { env: 'DURATION', fallback: 20, min: 1 },
    rounds: { env: 'ROUNDS', fallback: 2, min: 1 },
    warmup: { env: 'WARMUP', fallback: 5, min: 0 },
  });
}

type Settings = ReturnType<typeof readSettings>;

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function between(low: number, high: number): number {
  return Math.round((low + Math.random() * (high - low)) * 1e6) / 1e6;
}

function randomViewport(): Bbox {
  const width = between(VIEW_WIDTH.min, VIEW_WIDTH.max);
  const height = width * VIEW_ASPECT;
  const lon = between(CITY.west, CITY.east);
  const lat = between(CITY.south, CITY.north);
  const round = (value: number) => Math.round(value * 1e6) / 1e6;
  return [
    round(lon - width / 2),
    round(lat - height / 2),
    round(lon + width / 2),
    round(lat + height / 2),
  ];
}

function randomLocation(): { lon: number; lat: number } {
  return {
    lon: between(CITY.west - MARGIN, CITY.east + MARGIN),
    lat: between(CITY.south - MARGIN, CITY.north + MARGIN),
  };
}

interface Target {
  name: 'openbeat' | 'baseline';
  kind: TargetKind;
  server: ChildServer;
  /** Where its clients connect. */
  url: string;
  inspector: string | undefined;
}

interface Written {
  id: string;
  lon: number;
  lat: number;
  /** When the POST was sent (performance.timeOrigin + performance.now(), ms). */
  sent: number;
  /** When its answer had arrived. */
  answered: number;
}

interface WriteResult {
  written: Written[];
  /** Incidents without a public point (none expected for thefts). */
  unlocated: number;
  failures: string[];
  seconds: number;
  /** POST round trips, ms, ascending. */
  roundTrips: Float64Array;
}

/** POSTs the incidents at `rate` per second, on schedule (late ones go at once), and waits for every answer. */
async function writeIncidents(
  url: string,
  key: string,
  locations: readonly { lon: number; lat: number }[],
  rate: number,
): Promise<WriteResult> {
  const written: Written[] = [];
  const failures: string[] = [];
  let unlocated = 0;
  const answers: Promise<void>[] = [];
  const post = async (index: number, location: { lon: number; lat: number }) => {
    const body = JSON.stringify(
      incidentBody({ summary: `Bicycle taken from a rack (bench ${index})`, location }),
    );
    const sent = now();
    try {
      const response = await fetch(`${url}/api/v1/incidents`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body,
      });
      const text = await response.text();
      if (response.status !== 201) {
        failures.push(`POST answered ${response.status}: ${text.slice(0, 200)}`);
        return;
      }
      const feature = JSON.parse(text) as {
        id: string;
        properties: { publicLocation?: { lon: number; lat: number } | null };
      };
      const publicLocation = feature.properties.publicLocation;
      if (!publicLocation) {
        unlocated += 1;
        return;
      }
      written.push({
        id: feature.id,
        lon: publicLocation.lon,
        lat: publicLocation.lat,
        sent,
        answered: now(),
      });
    } catch (error) {
      failures.push(`POST failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const started = performance.now();
  for (let index = 0; index < locations.length;) {
    const due = started + (index * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) {
      await sleep(wait);
      continue;
    }
    const location = locations[index];
    if (location) answers.push(post(index, location));
    index += 1;
  }
  await Promise.all(answers);
  return {
    written,
    unlocated,
    failures,
    seconds: (performance.now() - started) / 1000,
    roundTrips: Float64Array.from(written, (w) => w.answered - w.sent).sort(),
  };
}

interface Check {
  expected: number;
  received: number;
  /** Expected pairs (client, incident) received exactly once. */
  delivered: number;
  missing: number;
  /** Received pairs not expected (outside the viewport, unknown incident) or received again. */
  extra: number;
  outOfOrder: number;
  exact: boolean;
  /** Ingest-to-client latency of each delivered pair, ms, ascending. */
  latencies: Float64Array;
  examples: string[];
}

function contains(bbox: Bbox, lon: number, lat: number): boolean {
  return lon >= bbox[0] && lon <= bbox[2] && lat >= bbox[1] && lat <= bbox[3];
}

/** Compares what each client received with what its viewport should have got. */
function checkDeliveries(
  viewports: readonly Bbox[],
  written: readonly Written[],
  received: readonly Received[],
): Check {
  const byId = new Map(written.map((incident) => [incident.id, incident]));
  let expected = 0;
  let total = 0;
  let delivered = 0;
  let missing = 0;
  let extra = 0;
  let outOfOrder = 0;
  const latencies: number[] = [];
  const examples: string[] = [];
  const example = (text: string) => {
    if (examples.length < 10) examples.push(text);
  };
  viewports.forEach((bbox, client) => {
    const got = received[client] ?? { features: [], ids: [], times: [] };
    total += got.features.length;
    const seen = new Set<string>();
    let lastId = -Infinity;
    got.features.forEach((featureId, i) => {
      const eventId = got.ids[i] ?? Number.NaN;
      if (!(eventId > lastId)) outOfOrder += 1;
      lastId = eventId;
      const incident = byId.get(featureId);
      if (!incident) {
        extra += 1;
        example(`client ${client} received unknown feature ${featureId} (event ${eventId})`);
      } else if (seen.has(featureId)) {
        extra += 1;
        example(`client ${client} received incident ${featureId} again (event ${eventId})`);
      } else if (!contains(bbox, incident.lon, incident.lat)) {
        extra += 1;
        example(
          `client ${client} [${bbox.join(',')}] received incident ${featureId} at ${incident.lon},${incident.lat}, outside its viewport`,
        );
      } else {
        delivered += 1;
        latencies.push((got.times[i] ?? Number.NaN) - incident.sent);
      }
      seen.add(featureId);
    });
    for (const incident of written) {
      if (!contains(bbox, incident.lon, incident.lat)) continue;
      expected += 1;
      if (!seen.has(incident.id)) {
        missing += 1;
        example(
          `client ${client} [${bbox.join(',')}] missed incident ${incident.id} at ${incident.lon},${incident.lat}`,
        );
      }
    }
  });
  const sorted = Float64Array.from(latencies).sort();
  return {
    expected,
    received: total,
    delivered,
    missing,
    extra,
    outOfOrder,
    exact: missing === 0 && extra === 0 && total === expected,
    latencies: sorted,
    examples,
  };
}

interface Phase {
  round: number;
  target: Target['name'];
  connectSeconds: number;
  connected: number;
  write: WriteResult;
  check: Check;
  resyncs: number;
  dropped: number;
  /** The measured window: first POST to the last expected delivery (or giving up). */
  windowSeconds: number;
  /** CPU seconds in the window, per process. */
  cpu: { openbeat: number; baseline: number; ingest: number; load: number };
  /** Growth from before the clients connected to when all were subscribed, bytes. */
  memory: { rss: number; heap: number | undefined };
}

interface Run {
  settings: Settings;
  openbeat: Target;
  baseline: Target;
  /** The Openbeat instance that takes the writes. */
  ingest: ChildServer;
  load: ClientLoad;
  key: string;
  viewports: Bbox[];
}

async function memoryOf(target: Target): Promise<{ rss: number; reading?: MemoryReading }> {
  if (!target.inspector) return { rss: rssBytes(target.server.pid) };
  try {
    const reading = await readMemory(target.inspector);
    return { rss: rssBytes(target.server.pid), reading };
  } catch (error) {
    console.error(
      `could not read the heap of ${target.name}: ${error instanceof Error ? error.message : String(error)}`,
    );
    return { rss: rssBytes(target.server.pid) };
  }
}

/** Waits until the clients hold `expected` events (then a little more for extras) or go quiet. */
async function drain(load: ClientLoad, expected: number): Promise<{ endedAt: number }> {
  const started = performance.now();
  let last = -1;
  let lastChange = started;
  for (;;) {
    const { received } = await load.counts();
    const at = performance.now();
    if (received >= expected) return { endedAt: at };
    if (received !== last) {
      last = received;
      lastChange = at;
    }
    if (at - lastChange > QUIET_MS || at - started > DRAIN_LIMIT_MS) return { endedAt: lastChange };
    await sleep(20);
  }
}

/** One phase: N clients on `target` while the incidents are written at the set rate. */
async function runPhase(
  run: Run,
  round: number,
  target: Target,
  locations: readonly { lon: number; lat: number }[],
): Promise<Phase> {
  const { settings, load, viewports, openbeat, baseline, ingest } = run;

  const before = await memoryOf(target);
  const connect = await load.connect(target.kind, target.url, viewports);
  if (connect.failed > 0) {
    throw new Error(
      `${target.name}: ${connect.failed} of ${viewports.length} clients could not connect and subscribe: ${connect.errors.join('; ')}`,
    );
  }
  const after = await memoryOf(target);
  await sleep(1_000);

  const cpuNow = () => ({
    openbeat: cpuSeconds(openbeat.server.pid),
    baseline: cpuSeconds(baseline.server.pid),
    ingest: cpuSeconds(ingest.pid),
    load: cpuSeconds(load.pid),
  });
  const cpuStart = cpuNow();
  const windowStart = performance.now();
  const write = await writeIncidents(ingest.url, run.key, locations, settings.rate);

  // The expected count follows from the answers: every client whose viewport holds the point.
  let expected = 0;
  for (const incident of write.written) {
    for (const bbox of viewports) if (contains(bbox, incident.lon, incident.lat)) expected += 1;
  }
  const writeEnd = performance.now();
  const { endedAt } = await drain(load, expected);
  const cpuEnd = cpuNow();
  const windowSeconds = (Math.max(endedAt, writeEnd) - windowStart) / 1000;
  await sleep(EXTRA_WAIT_MS);

  const counts = await load.counts();
  const received = await load.collect();
  await load.disconnect();
  const check = checkDeliveries(viewports, write.written, received);

  const heap =
    before.reading && after.reading ? after.reading.heapUsed - before.reading.heapUsed : undefined;
  return {
    round,
    target: target.name,
    connectSeconds: connect.seconds,
    connected: connect.connected,
    write,
    check,
    resyncs: counts.resyncs,
    dropped: counts.dropped,
    windowSeconds,
    cpu: {
      openbeat: cpuEnd.openbeat - cpuStart.openbeat,
      baseline: cpuEnd.baseline - cpuStart.baseline,
      ingest: cpuEnd.ingest - cpuStart.ingest,
      load: cpuEnd.load - cpuStart.load,
    },
    memory: { rss: after.rss - before.rss, heap },
  };
}

function fixed(value: number, digits = 1): string {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

function kib(bytes: number | undefined): string {
  return bytes === undefined || !Number.isFinite(bytes)
    ? 'n/a'
    : `${(bytes / 1024).toFixed(1)} KiB`;
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

async function startServers(
  databaseUrl: string,
): Promise<{ openbeat: Target; baseline: Target; ingest: ChildServer }> {
  const inspectors = new Map<string, string>();
  const remember = (name: string) => (line: string) => {
    const match = INSPECTOR_LINE.exec(line);
    if (match?.[1]) inspectors.set(name, match[1]);
  };
  const nodeArgs = ['--inspect=127.0.0.1:0'];
  const openbeatEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    WRITE_RATE_LIMIT_PER_MINUTE,
  };
  const openbeatReady = /Openbeat is running at https?:\/\/[^:\s]+:(\d+)/;
  const openbeatServer = await startChildServer({
    name: 'openbeat',
    script: 'server/server.ts',
    nodeArgs,
    onLine: remember('openbeat'),
    quietLine: INSPECTOR_CHATTER,
    env: openbeatEnv,
    readyLine: openbeatReady,
  });
  // Started second, so it finds the migrations applied.
  const ingest = await startChildServer({
    name: 'ingest',
    script: 'server/server.ts',
    nodeArgs: [],
    env: openbeatEnv,
    readyLine: openbeatReady,
  });
  const baselineServer = await startChildServer({
    name: 'baseline',
    script: 'bench/support/bare-ws-relay.ts',
    nodeArgs,
    onLine: remember('baseline'),
    quietLine: INSPECTOR_CHATTER,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: '0', HOST: '127.0.0.1' },
    readyLine: /Bare ws relay is running at ws:\/\/[^:\s]+:(\d+)/,
  });
  return {
    ingest,
    openbeat: {
      name: 'openbeat',
      kind: 'socket.io',
      server: openbeatServer,
      url: openbeatServer.url,
      inspector: inspectors.get('openbeat'),
    },
    baseline: {
      name: 'baseline',
      kind: 'ws',
      server: baselineServer,
      url: `ws://127.0.0.1:${baselineServer.port}`,
      inspector: inspectors.get('baseline'),
    },
  };
}

async function main() {
  const settings = readSettings();
  cleanUpOnSignals();
  const cpus = os.cpus();
  console.log('Openbeat live-stream benchmark: socket.io fan-out against a bare ws relay');
  console.log(machineLine());
  console.log(
    `load: ${settings.clients} clients (one process of their own), random viewports ` +
      `${VIEW_WIDTH.min}–${VIEW_WIDTH.max}° wide (4:3) centred in Chicago; ${settings.rate} theft incidents/s ` +
      `for ${settings.duration} s per phase, uniform over the city ± ${MARGIN}°; ` +
      `${settings.warmup > 0 ? `a ${settings.warmup} s warm-up phase per target (not counted), then ` : ''}${settings.rounds} round(s), ` +
      'phases alternating (openbeat, baseline, baseline, openbeat, …), the same viewports throughout, ' +
      'the same incident locations for both targets of a round',
  );

  // Each client is a socket in the load process and one in the server: both inherit this limit.
  const files = openFileLimit();
  if (files !== undefined && settings.clients + 200 > files) {
    throw new Error(
      `${settings.clients} clients need more open files than this shell allows (ulimit -n ${files}): raise it first`,
    );
  }

  const database = await createBenchDatabase('openbeat_bench_rt');
  console.log(`database: ${database.name} on ${database.server} (dropped at the end)`);
  const { openbeat, baseline, ingest } = await startServers(database.url);

  const pool = new pg.Pool({ connectionString: database.url, max: 2 });
  pool.on('error', () => undefined);
  onCleanup('close the benchmark pool', async () => {
    if (!pool.ended) await pool.end();
  });
  const { key } = await createApiKey(pool, { name: 'bench-cad', role: 'dispatcher' });
  const load = await forkClientLoad();
  console.log(
    `openbeat: pid ${openbeat.server.pid} at ${openbeat.url} (socket.io, LOG_LEVEL=warn, ` +
      `heap ${openbeat.inspector ? 'read through the inspector' : 'not readable'}); ` +
      `baseline: pid ${baseline.server.pid} at ${baseline.url}; ingest (Openbeat taking the writes): ` +
      `pid ${ingest.pid} at ${ingest.url}; load process: pid ${load.pid}`,
  );

  const viewports = Array.from({ length: settings.clients }, randomViewport);
  const run: Run = { settings, openbeat, baseline, ingest, load, key, viewports };
  const phases: Phase[] = [];
  const problems: string[] = [];
  /** Not failures, but they make the figures less comparable. */
  const notes: string[] = [];
  // Round 0 is the warm-up (JIT, pools, first connections): checked, not counted.
  for (let round = settings.warmup > 0 ? 0 : 1; round <= settings.rounds; round += 1) {
    const order = round % 2 === 1 ? [openbeat, baseline] : [baseline, openbeat];
    const seconds = round === 0 ? settings.warmup : settings.duration;
    // Both targets of a round get the same incident locations, so the same expected deliveries.
    const locations = Array.from({ length: settings.rate * seconds }, randomLocation);
    for (const target of order) {
      const phase = await runPhase(run, round, target, locations);
      phases.push(phase);
      const { check } = phase;
      const label = `${round === 0 ? 'warm-up' : `round ${round}`} ${target.name}`;
      console.log(
        `${label}: ${check.received}/${check.expected} deliveries ` +
          `(${check.exact ? 'exact' : `MISMATCH: ${check.missing} missing, ${check.extra} extra`}), ` +
          `latency p50 ${fixed(percentile(check.latencies, 0.5))} ms, p99 ${fixed(percentile(check.latencies, 0.99))} ms ` +
          `(POST answered p50 ${fixed(percentile(phase.write.roundTrips, 0.5))} ms), ` +
          `${fixed(phase.cpu[target.name], 2)} CPU-s in ${fixed(phase.windowSeconds, 1)} s`,
      );
      if (!check.exact) {
        problems.push(
          `${label}: ${check.received} received, ${check.expected} expected: ` +
            `${check.missing} missing, ${check.extra} extra`,
        );
        for (const text of check.examples) problems.push(`  ${text}`);
      }
      if (check.outOfOrder > 0)
        problems.push(`${label}: ${check.outOfOrder} events not in id order`);
      if (phase.resyncs > 0) problems.push(`${label}: ${phase.resyncs} resync messages`);
      if (phase.dropped > 0) problems.push(`${label}: ${phase.dropped} connections dropped`);
      if (phase.write.failures.length > 0) {
        problems.push(`${label}: ${phase.write.failures.length} writes failed`);
        for (const text of phase.write.failures.slice(0, 5)) problems.push(`  ${text}`);
      }
      if (phase.write.unlocated > 0)
        problems.push(`${label}: ${phase.write.unlocated} incidents without a public point`);
      if (phase.write.seconds > seconds * 1.1 + 1)
        notes.push(
          `${label}: the writes took ${fixed(phase.write.seconds)} s with their answers, not ${seconds} s: ` +
            `POST answers p99 ${fixed(percentile(phase.write.roundTrips, 0.99))} ms (a busy machine?)`,
        );
    }
  }

  const counted = phases.filter((phase) => phase.round > 0);
  const summarise = (name: Target['name']) => {
    const own = counted.filter((phase) => phase.target === name);
    const other = counted.filter((phase) => phase.target !== name);
    const deliveries = sum(own.map((p) => p.check.delivered));
    const expected = sum(own.map((p) => p.check.expected));
    const received = sum(own.map((p) => p.check.received));
    const seconds = sum(own.map((p) => p.windowSeconds));
    const gross = sum(own.map((p) => p.cpu[name]));
    // Its CPU per second in the other target's phases: tailing the same events, no clients.
    const idleRate = sum(other.map((p) => p.cpu[name])) / sum(other.map((p) => p.windowSeconds));
    const net = gross - idleRate * seconds;
    const latencies = Float64Array.from(own.flatMap((p) => Array.from(p.check.latencies))).sort();
    const roundTrips = Float64Array.from(own.flatMap((p) => Array.from(p.write.roundTrips))).sort();
    // The first time N clients connected to it (the warm-up, if any): later phases reuse memory.
    const first = phases.find((phase) => phase.target === name)?.memory;
    return {
      deliveries,
      expected,
      received,
      seconds,
      gross,
      idleRate,
      net,
      latencies,
      roundTrips,
      exact: own.every((p) => p.check.exact),
      missing: sum(own.map((p) => p.check.missing)),
      extra: sum(own.map((p) => p.check.extra)),
      rssPerClient: first ? first.rss / settings.clients : Number.NaN,
      heapPerClient: first?.heap === undefined ? undefined : first.heap / settings.clients,
      loadCpu: sum(own.map((p) => p.cpu.load)) / seconds,
      ingestCpu: sum(own.map((p) => p.cpu.ingest)) / seconds,
    };
  };
  const ob = summarise('openbeat');
  const base = summarise('baseline');
  const per10k = (cpu: number, deliveries: number) => (cpu / deliveries) * 10_000;
  const ratio = ob.deliveries / ob.gross / (base.deliveries / base.gross);
  const marginalRatio = ob.deliveries / ob.net / (base.deliveries / base.net);

  console.log('');
  console.log(
    formatTable(
      [
        [
          'round',
          'target',
          'clients',
          'connect s',
          'incidents',
          'expected',
          'received',
          'missing',
          'extra',
          'p50 ms',
          'p99 ms',
          'max ms',
          'window s',
          'CPU-s ob',
          'CPU-s base',
          'CPU-s ingest',
          'CPU-s load',
          'RSS/client',
          'heap/client',
        ],
        ...phases.map((p) => [
          p.round === 0 ? 'warm-up' : p.round,
          p.target,
          p.connected,
          fixed(p.connectSeconds, 1),
          p.write.written.length,
          p.check.expected,
          p.check.received,
          p.check.missing,
          p.check.extra,
          fixed(percentile(p.check.latencies, 0.5)),
          fixed(percentile(p.check.latencies, 0.99)),
          fixed(percentile(p.check.latencies, 1)),
          fixed(p.windowSeconds, 1),
          fixed(p.cpu.openbeat, 2),
          fixed(p.cpu.baseline, 2),
          fixed(p.cpu.ingest, 2),
          fixed(p.cpu.load, 2),
          kib(p.memory.rss / settings.clients),
          kib(p.memory.heap === undefined ? undefined : p.memory.heap / settings.clients),
        ]),
      ],
      'llrrrrrrrrrrrrrrrrr',
    ),
  );
  console.log(
    '(CPU-s in each window: openbeat and baseline tail the events in every phase, with or without ' +
      'clients; ingest is the Openbeat instance taking the writes. Memory: growth while the clients connected.)',
  );

  const line = (name: string, s: typeof ob) =>
    `${name}: delivered/expected ${s.received}/${s.expected} = ${fixed(s.received / s.expected, 4)} ` +
    `(${s.exact ? 'exact: nothing lost, nothing extra, nothing outside a viewport' : `NOT exact: ${s.missing} missing, ${s.extra} extra`}); ` +
    `latency p50 ${fixed(percentile(s.latencies, 0.5))} ms, p99 ${fixed(percentile(s.latencies, 0.99))} ms, ` +
    `max ${fixed(percentile(s.latencies, 1))} ms (the POST answer itself: p50 ${fixed(percentile(s.roundTrips, 0.5))} ms, ` +
    `p99 ${fixed(percentile(s.roundTrips, 0.99))} ms)`;
  console.log('');
  console.log(line('openbeat', ob));
  console.log(line('baseline', base));
  const cpuLine = (name: string, s: typeof ob) =>
    `  ${name}: ${fixed(per10k(s.gross, s.deliveries), 3)} CPU-s (${fixed(s.gross, 2)} CPU-s for ${s.deliveries} ` +
    `deliveries in ${fixed(s.seconds, 1)} s); of it tailing, as measured without clients: ` +
    `${fixed(s.idleRate * s.seconds, 2)} CPU-s, so the clients add ${fixed(per10k(s.net, s.deliveries), 3)} CPU-s per 10,000`;
  console.log(
    'server CPU per 10,000 deliveries (tailing the events table and sending to the clients):',
  );
  console.log(cpuLine('openbeat', ob));
  console.log(cpuLine('baseline', base));
  console.log(
    `ratio of deliveries per CPU-second, openbeat/baseline: ${fixed(ratio, 3)}  — goal ≥ ${GOAL_RATIO}: ` +
      `${ratio >= GOAL_RATIO ? 'met' : 'NOT met'} (of the added CPU alone: ${fixed(marginalRatio, 3)})`,
  );
  console.log(
    `memory per connected, subscribed client (first connection of N clients to each): openbeat RSS ${kib(ob.rssPerClient)}, ` +
      `heap ${kib(ob.heapPerClient)}; baseline RSS ${kib(base.rssPerClient)}, heap ${kib(base.heapPerClient)} ` +
      '(heap after a full GC, read through the inspector)',
  );
  console.log(
    `load process CPU: ${fixed(ob.loadCpu, 2)} CPU-s/s in openbeat phases, ${fixed(base.loadCpu, 2)} in baseline phases` +
      `; ingest instance: ${fixed(ob.ingestCpu, 2)} and ${fixed(base.ingestCpu, 2)} ` +
      `(${cpus.length} CPUs shared by all, PostgreSQL and the writer included); machine load average now ` +
      os
        .loadavg()
        .map((load) => load.toFixed(2))
        .join(' '),
  );

  await load.stop();
  if (!pool.ended) await pool.end();
  const stopped = await Promise.all(
    [openbeat.server, baseline.server, ingest].map(async (t) => `${t.name} ${await t.stop()}`),
  );
  console.log(`stopped with SIGTERM: ${stopped.join(', ')}`);

  if (notes.length > 0) {
    console.log('\nNOTES (the figures are less comparable):');
    for (const note of notes) console.log(`- ${note}`);
  }
  reportProblems(problems);
}

await runBenchmark('bench:realtime', main);
