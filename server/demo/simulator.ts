import type { Random } from '../../shared/random.js';
import type { IncidentCreate } from '../../shared/schemas/incident.js';
import type { ResponseStepCreate } from '../../shared/schemas/response.js';
import { planResponse, type PlannedStep } from './response-plan.js';
import { nextArrivalMs, sampleIncident, timeOfDayFactor, type Seed } from './simulator-model.js';

/** Where simulated incidents go: the public HTTP API of any server, or this process's service. */
export interface SimulatorTarget {
  create(input: IncidentCreate): Promise<{ id: string }>;
  /** Steps of the incident's response that happen at one moment, in order (a CAD's batch). */
  steps(id: string, steps: readonly ResponseStepCreate[]): Promise<void>;
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
  /** The share of incidents an officer starts (no call from the public); 0.15 by default. */
  officerInitiatedShare?: number;
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
  /** Response steps written (received, dispatched, en route, on scene, cleared). */
  steps: number;
  /** Busy answers (429, 5xx, unreachable) that made the simulator wait. */
  backoffs: number;
  /** Other refusals (4xx): logged and skipped. */
  rejected: number;
}

const STEP_ATTEMPTS = 5;
const DEFAULT_OFFICER_INITIATED_SHARE = 0.15;

/** Steps planned at the same moment, in order: written together, as a CAD sends them. */
function groupByTime(steps: readonly PlannedStep[]): PlannedStep[][] {
  const groups: PlannedStep[][] = [];
  for (const step of steps) {
    const last = groups.at(-1);
    if (last && last[0]?.afterMs === step.afterMs) last.push(step);
    else groups.push([step]);
  }
  return groups;
}

/**
 * Creates incidents as a Poisson process and follows each with its response's whole timeline
 * (received, dispatched, en route, on scene, cleared: planResponse), each step written when
 * the simulation clock reaches it; the incident's status follows its steps. Busy answers make
 * it back off exponentially; it never stops by itself.
 */
export class Simulator {
  readonly stats: SimulatorStats = { created: 0, steps: 0, backoffs: 0, rejected: 0 };
  private running = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Ends the waits of retries when the simulator stops. */
  private readonly wakers = new Set<() => void>();
  private backoffMs = 0;
  /** No write leaves before this time (ms since epoch): a busy answer holds every writer. */
  private busyUntil = 0;
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
    this.busyUntil = Date.now() + this.backoffMs;
    this.options.log?.(`target busy (${error.message}); waiting ${Math.round(this.backoffMs)} ms`);
  }

  /**
   * Waits while an earlier busy answer asks for rest, so the other writers do not hammer;
   * false when the simulator stopped meanwhile.
   */
  private async restWhileBusy(): Promise<boolean> {
    while (this.running && Date.now() < this.busyUntil) {
      await this.sleep(this.busyUntil - Date.now());
    }
    return this.running;
  }

  private async arrive(): Promise<void> {
    if (!(await this.restWhileBusy())) return;
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

  /** The response's steps, each group at its time; a refused group ends the timeline. */
  private followUp(id: string, priority: number): void {
    const plan = planResponse(priority, this.random, {
      speed: this.options.speed,
      officerInitiatedShare: this.options.officerInitiatedShare ?? DEFAULT_OFFICER_INITIATED_SHARE,
    });
    const groups = groupByTime(plan.steps).map((group) =>
      group.map((planned): ResponseStepCreate =>
        planned.step === 'received' && plan.officerInitiated
          ? { step: 'received', officerInitiated: true }
          : planned.step === 'cleared'
            ? { step: 'cleared', disposition: 'REP' }
            : { step: planned.step },
      ),
    );
    const delays = groupByTime(plan.steps).map((group) => group[0]?.afterMs ?? 0);
    const next = (index: number, sinceMs: number) => {
      const steps = groups[index];
      if (!steps) return;
      const delay = (delays[index] ?? 0) - sinceMs;
      const write = async () => {
        // Steps of one moment carry that moment; a single step takes the target's clock.
        const at = new Date().toISOString();
        const dated = steps.length > 1 ? steps.map((step) => ({ ...step, at })) : steps;
        if (await this.writeSteps(id, dated)) next(index + 1, delays[index] ?? 0);
      };
      if (delay <= 0) {
        const running = write().finally(() => this.inFlight.delete(running));
        this.inFlight.add(running);
      } else this.later(delay, write);
    };
    next(0, 0);
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

  /** Sends steps, waiting out busy answers a few times; true when they were written. */
  private async writeSteps(id: string, steps: readonly ResponseStepCreate[]): Promise<boolean> {
    for (let attempt = 1; this.running; attempt += 1) {
      if (!(await this.restWhileBusy())) return false;
      try {
        await this.target.steps(id, steps);
        this.stats.steps += steps.length;
        return true;
      } catch (error) {
        if (!(error instanceof TargetBusyError) || attempt >= STEP_ATTEMPTS) {
          this.stats.rejected += 1;
          const names = steps.map((step) => step.step).join(', ');
          this.options.log?.(`${names} of ${id} refused: ${(error as Error).message}`);
          return false;
        }
        this.noteBusy(error);
      }
    }
    return false;
  }
}
