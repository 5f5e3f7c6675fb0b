import fp from 'fastify-plugin';
import { recountTips } from './tip-counts.service.js';

export interface AppealClockOptions {
  /** The tip count's window (tip-counts.service.ts); 10 minutes by default. */
  tipWindowMs: number;
  /** How often each process looks for due recounts; the window's tenth, at most a minute. */
  recountMs?: number;
}

/**
 * Publishes windowed tip counts and closes appeals past their `until`. Every process runs it:
 * a recount is a function of the window alone and locks its appeal, so two processes that
 * recount together publish one change.
 */
export default fp<AppealClockOptions>(
  (app, options, done) => {
    const every = options.recountMs ?? Math.min(options.tipWindowMs / 10, 60_000);
    let running: Promise<unknown> | null = null;
    const tick = () => {
      if (running) return;
      running = recountTips(app.records, options.tipWindowMs)
        .catch((error: unknown) => {
          app.log.warn({ err: error }, 'appeal tip recount failed; trying again next tick');
        })
        .finally(() => {
          running = null;
        });
    };
    const timer = setInterval(tick, every);
    timer.unref();
    app.addHook('onClose', async () => {
      clearInterval(timer);
      await running;
    });
    done();
  },
  { name: 'appeal-clock', dependencies: ['record'] },
);
