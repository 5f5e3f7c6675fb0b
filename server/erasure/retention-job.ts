import type { FastifyBaseLogger } from 'fastify';
import type { RecordWriter } from '../record/record-writer.js';
import { runRetention, type RetentionReport } from './retention.service.js';

const HOUR_MS = 60 * 60 * 1000;

export interface RetentionJob {
  /** Runs now (unless a run is in progress) and reports; the schedule goes on. */
  runNow(): Promise<RetentionReport | null>;
  /** Stops the schedule and waits for a run in progress. */
  stop(): Promise<void>;
}

/**
 * Runs retention in this server process at start and then every hour. Several processes may
 * run it: the retention lock lets one work at a time, and rows are claimed with SKIP LOCKED.
 * A failed run is logged and retried at the next hour; it never stops the server.
 */
export function startRetentionJob(
  records: RecordWriter,
  options: { retentionDays: number; intervalMs?: number; log: FastifyBaseLogger },
): RetentionJob {
  let running: Promise<RetentionReport | null> | null = null;
  let stopped = false;

  const run = (): Promise<RetentionReport | null> => {
    if (stopped) return Promise.resolve(null);
    running ??= runRetention(records, { retentionDays: options.retentionDays })
      .then((report) => {
        if (report.observations > 0 || report.tips > 0) {
          options.log.info(
            { retention: report },
            `retention erased ${report.observations} observations and ${report.tips} tips`,
          );
        }
        return report;
      })
      .catch((err: unknown) => {
        options.log.error({ err }, 'retention run failed; it is tried again within the hour');
        return null;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };

  const timer = setInterval(() => void run(), options.intervalMs ?? HOUR_MS);
  timer.unref();
  void run();
  return {
    runNow: run,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
