import type { IncidentCreate } from '../../shared/schemas/incident.js';
import { isDatabaseUnavailable } from '../db/unavailable.js';
import { createIncident } from '../incidents/incident-create.service.js';
import type { RecordWriter } from '../record/record-writer.js';
import { recordTimeline } from '../responses/responses.service.js';
import { TargetBusyError, type SimulatorTarget } from './simulator.js';

export class TargetRefusedError extends Error {}

function retryAfterMs(response: Response): number | undefined {
  const seconds = Number(response.headers.get('retry-after'));
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

/**
 * Any Openbeat server through its public API, with a dispatcher key. The key's name is the
 * source of what it writes: make it with `--name simulator` so the map marks the incidents.
 */
export function httpTarget(baseUrl: string, key: string): SimulatorTarget {
  const send = async (method: 'POST', path: string, body: unknown) => {
    let response: Response;
    try {
      response = await fetch(new URL(path, baseUrl), {
        method,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      throw new TargetBusyError(`unreachable (${cause ?? (error as Error).message})`);
    }
    const text = await response.text();
    if (response.status === 429 || response.status >= 500) {
      throw new TargetBusyError(`HTTP ${response.status}`, retryAfterMs(response));
    }
    if (!response.ok)
      throw new TargetRefusedError(`HTTP ${response.status}: ${text.slice(0, 300)}`);
    return JSON.parse(text) as { id: string };
  };
  return {
    create: (input: IncidentCreate) => send('POST', '/api/v1/incidents', input),
    // One request per step, in order, as the API takes them.
    async steps(id, steps) {
      for (const step of steps) {
        await send('POST', `/api/v1/incidents/${encodeURIComponent(id)}/responses`, step);
      }
    },
  };
}

const SIMULATOR_AUTHOR = { keyId: 'simulator', source: 'simulator' };

/**
 * This process's own service layer (the embedded demo): the same rules and events as the API,
 * without a key to create and keep. A failure of the database is a reason to wait, not to stop.
 */
export function serviceTarget(records: RecordWriter): SimulatorTarget {
  const busy = (error: unknown) => new TargetBusyError((error as Error).message);
  return {
    async create(input) {
      const result = await createIncident(records, {
        author: SIMULATOR_AUTHOR,
        input,
        idempotencyKey: undefined,
        request: undefined,
      }).catch((error: unknown) => {
        throw busy(error);
      });
      return { id: result.body.id };
    },
    // A moment's steps in one transaction, through the rules the API applies.
    async steps(id, steps) {
      await recordTimeline(records, { author: SIMULATOR_AUTHOR }, id, steps).catch(
        (error: unknown) => {
          // A step the rules refuse is this timeline's problem, not a reason to slow down.
          throw isDatabaseUnavailable(error) ? busy(error) : error;
        },
      );
    },
  };
}
