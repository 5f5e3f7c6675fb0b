import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.js';
import type { RecordWriter } from '../record/record-writer.js';
import { SELECT_DEMO_SEEDS, SELECT_HAS_DEMO } from './demo.queries.js';
import { isFreshDatabase, loadDemo } from './load-demo.js';
import type { Seed } from './simulator-model.js';
import { serviceTarget } from './simulator-targets.js';
import { Simulator } from './simulator.js';

// Vancouver's clock (PST), for the time-of-day rate of the demo's simulator.
const VANCOUVER_UTC_OFFSET_HOURS = -8;

/** Loads the demo into a fresh database (one query when it is not fresh). */
export async function loadDemoIfFresh(
  records: RecordWriter,
  config: Pick<Config, 'demo'>,
  log: FastifyBaseLogger,
): Promise<void> {
  if (!config.demo || !(await isFreshDatabase(records.pool))) return;
  const started = Date.now();
  // A demo that fails to load is no reason to refuse to start: the map works without it.
  const report = await loadDemo(records).catch((error: unknown) => {
    log.error({ err: error }, 'the demo data could not be loaded');
    return null;
  });
  if (!report) return;
  log.info(
    { ...report, ms: Date.now() - started },
    `demo loaded: ${report.incidents} Vancouver thefts in the last 7 days with ${report.responses} responses, ${report.districts} neighbourhoods`,
  );
}

/**
 * Starts the in-process simulator on a demo database: one incident every 10 s on average
 * (SIMULATOR_RATE per minute), written through the service layer as source "simulator".
 */
export async function startDemoSimulator(
  records: RecordWriter,
  config: Pick<Config, 'demo' | 'simulator' | 'simulatorPerMinute'>,
  log: FastifyBaseLogger,
): Promise<Simulator | null> {
  if (!config.demo || !config.simulator) return null;
  const { pool } = records;
  const hasDemo = await pool.query<{ has_demo: boolean }>(SELECT_HAS_DEMO);
  if (!hasDemo.rows[0]?.has_demo) return null;
  const seeds = (await pool.query<Seed>(SELECT_DEMO_SEEDS)).rows;
  if (seeds.length === 0) return null;
  const simulator = new Simulator(serviceTarget(records), {
    ratePerMinute: config.simulatorPerMinute,
    speed: 1,
    seeds,
    utcOffsetHours: VANCOUVER_UTC_OFFSET_HOURS,
    log: (message) => {
      log.warn(`simulator: ${message}`);
    },
  });
  simulator.start();
  log.info(`simulator running: about ${config.simulatorPerMinute} incidents a minute`);
  return simulator;
}
