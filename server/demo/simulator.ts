import type { Random } from '../../shared/random.js';
import type { IncidentCreate, IncidentPatch } from '../../shared/schemas/incident.js';
import {
  nextArrivalMs,
  responseTimeline,
  sampleIncident,
  timeOfDayFactor,
  type Seed,
} from './simulator-model.js';

/** Where simulated incidents go: the public HTTP API of any server, or this process's service. */
export interface SimulatorTarget {
  create(input: IncidentCreate): Promise<{ id: string }>;
  patch(id: string, patch: IncidentPatch): Promise<void>;
}

/** The target is overloaded or down (429, 5xx, no connection): wait, then try again. */
export class TargetBusyError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export interface SimulatorOptions {
  /** Mean incidents per minute, before the time-of-day factor. */
  ratePerMinute: number;
  /** Response timelines run this many times faster than real time. */
  speed: number;
  seeds: readonly Seed[];
  random?: Random;
  /** Hours from UTC of the simulated place's clock, for the time-of-day rate. */
  utcOffsetHours?: number;
  /** First wait after a busy answer; it doubles with each one in a row, up to maxBackoffMs. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  log?: (message: string) => void;
}

export interface SimulatorStats {
  created: number;
  patched: number;
  /** Busy answers (429, 5xx, unreachable) that made the simulator wait. */
  backoffs: number;
  /** Other refusals (4xx): logged and skipped. */
  rejected: number;
}

const PATCH_ATTEMPTS = 5;

/**
 * Creates incidents as a Poisson process and follows each with its response (responding, then
 * resolved). Busy answers make it back off exponentially; it never stops by itself.
 */
export class Simulator {
  readonly stats: SimulatorStats = { created: 0, patched: 0, backoffs: 0, rejected: 0 };
  private running = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Ends the waits of retries when the simulator stops. */
  private readonly wakers = new Set<() => void>();
  private backoffMs = 0;
  private sequence = 0;
  private readonly runId = Date.now().toString(36);
  private readonly random: Random;

  constructor(
    private readonly target: SimulatorTarget,
    private readonly options: SimulatorOptions,
  ) {
    if (options.seeds.length === 0) throw new Error('the simulator needs at least one seed');
    this.random = options.random ?? Math.random;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.scheduleArrival();
  }

  /** Stops creating and patching; waits for requests already sent. */
  async stop(): Promise<void> {
    this.running = false;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const wake of this.wakers) wake();
    await Promise.allSettled([...this.inFlight]);
  }

  private later(ms: number, work: () => Promise<void>): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.running) return;
      const running = work().finally(() => this.inFlight.delete(running));
      this.inFlight.add(running);
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  private scheduleArrival(): void {
    const factor = timeOfDayFactor(new Date(), this.options.utcOffsetHours ?? 0);
    const wait = nextArrivalMs(this.options.ratePerMinute * factor, this.random);
    this.later(this.backoffMs > 0 ? this.backoffMs : wait, () => this.arrive());
  }

  private noteBusy(error: TargetBusyError): void {
    this.stats.backoffs += 1;
    const initial = this.options.initialBackoffMs ?? 1_000;
    const doubled = this.backoffMs === 0 ? initial : this.backoffMs * 2;
    this.backoffMs = Math.min(
      this.options.maxBackoffMs ?? 60_000,
      Math.max(doubled, error.retryAfterMs ?? 0),
    );
    this.options.log?.(`target busy (${error.message}); waiting ${Math.round(this.backoffMs)} ms`);
  }

  private async arrive(): Promise<void> {
    this.sequence += 1;
    const input = sampleIncident(
      this.options.seeds,
      this.random,
      `sim-${this.runId}-${this.sequence}`,
    );
    try {
      const { id } = await this.target.create(input);
      this.stats.created += 1;
      this.backoffMs = 0;
      this.followUp(id, input.priority);
    } catch (error) {
      if (error instanceof TargetBusyError) this.noteBusy(error);
      else {
        this.stats.rejected += 1;
        this.options.log?.(`incident refused: ${(error as Error).message}`);
      }
    }
    if (this.running) this.scheduleArrival();
  }

  /** Responding after the dispatch delay, then resolved after the time on scene, in order. */
  private followUp(id: string, priority: number): void {
    const timeline = responseTimeline(priority, this.random, this.options.speed);
    this.later(timeline.respondingAfterMs, async () => {
      if (!(await this.patch(id, 'responding'))) return;
      this.later(timeline.resolvedAfterMs - timeline.respondingAfterMs, async () => {
        await this.patch(id, 'resolved');
      });
    });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        this.wakers.delete(wake);
        resolve();
      };
      this.wakers.add(wake);
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        wake();
      }, ms);
      timer.unref();
      this.timers.add(timer);
    });
  }

  /** Sends one status change, waiting out busy answers a few times; true when it was applied. */
  private async patch(id: string, status: 'responding' | 'resolved'): Promise<boolean> {
    for (let attempt = 1; this.running; attempt += 1) {
      try {
        await this.target.patch(id, { status });
        this.stats.patched += 1;
        return true;
      } catch (error) {
        if (!(error instanceof TargetBusyError) || attempt >= PATCH_ATTEMPTS) {
          this.stats.rejected += 1;
          this.options.log?.(`status ${status} of ${id} refused: ${(error as Error).message}`);
          return false;
        }
        this.noteBusy(error);
        await this.sleep(this.backoffMs);
      }
    }
    return false;
  }
}
