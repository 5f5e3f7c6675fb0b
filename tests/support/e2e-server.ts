import { onTestFinished } from 'vitest';
import { createApiKey } from '../../server/auth/api-keys.service.js';
import type {
  DispatcherIncidentFeature,
  IncidentCreate,
  PublicIncidentFeature,
} from '../../shared/schemas/incident.js';
import { childEnv, startServer, type ServerProcess } from './server-process.js';
import { bearer, listen, startTestApp, type TestApp } from './test-app.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

/** The HTTP API of a running server, as a client outside the browser uses it (real HTTP). */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    readonly dispatcherKey: string,
  ) {}

  async #send<T>(method: string, path: string, body?: unknown, key?: string): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(key === undefined ? {} : bearer(key)),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return JSON.parse(text) as T;
  }

  /** POST /api/v1/incidents with the dispatcher key. */
  createIncident(body: IncidentCreate): Promise<DispatcherIncidentFeature> {
    return this.#send('POST', '/api/v1/incidents', body, this.dispatcherKey);
  }

  /** GET /api/v1/incidents/:id, as the dispatcher (exact and public location) or the public. */
  getIncident<As extends 'dispatcher' | 'public'>(
    id: string,
    as: As,
  ): Promise<As extends 'dispatcher' ? DispatcherIncidentFeature : PublicIncidentFeature> {
    const key = as === 'dispatcher' ? this.dispatcherKey : undefined;
    return this.#send('GET', `/api/v1/incidents/${encodeURIComponent(id)}`, undefined, key);
  }
}

/** The whole app in this process (startTestApp) on a database of its own, on a real port. */
export interface InProcessServer {
  url: string;
  api: ApiClient;
  testApp: TestApp;
  close(): Promise<void>;
}

export async function startInProcessServer(): Promise<InProcessServer> {
  const testApp = await startTestApp();
  try {
    const url = await listen(testApp);
    return {
      url,
      api: new ApiClient(url, testApp.dispatcherKey),
      testApp,
      close: () => testApp.close(),
    };
  } catch (error) {
    await testApp.close();
    throw error;
  }
}

/**
 * The real server as `npm start` runs it (server/server.ts in a child process) on a database of
 * its own; restart() stops it and starts a new process on the same port, like a deploy or a
 * crash and a supervisor would.
 */
export interface ChildServer {
  readonly url: string;
  readonly api: ApiClient;
  readonly process: ServerProcess;
  /** Ends the process: SIGKILL is a crash (sockets cut), SIGTERM a graceful shutdown. */
  stop(signal: 'SIGKILL' | 'SIGTERM'): Promise<void>;
  /** Starts the server again on the same port (after stop()). */
  start(): Promise<void>;
  /** Ends the process and drops the database; never throws. */
  close(): Promise<void>;
}

const CHILD_START_MS = 60_000;

/** `settings`: further environment variables for the server (e.g. BASEMAP_PMTILES). */
export async function startChildServer(settings: NodeJS.ProcessEnv = {}): Promise<ChildServer> {
  const db: TestDatabase = await createTestDatabase();
  const { key } = await createApiKey(db.pool, { name: 'e2e-dispatcher', role: 'dispatcher' });
  const env = (port: string) =>
    childEnv({
      DATABASE_URL: db.url,
      PORT: port,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      WRITE_RATE_LIMIT_PER_MINUTE: '100000',
      DB_POOL_MAX: '4',
      ...settings,
    });
  let current: ServerProcess;
  try {
    current = await startServer(env('0'), { timeoutMs: CHILD_START_MS });
  } catch (error) {
    await db.drop();
    throw error;
  }
  const url = current.url;
  const port = new URL(url).port;
  const api = new ApiClient(url, key);
  let running = true;

  return {
    url,
    api,
    get process() {
      return current;
    },
    async stop(signal) {
      if (!running) return;
      if (signal === 'SIGKILL') current.kill();
      await current.stop(signal, { timeoutMs: 20_000 });
      running = false;
    },
    async start() {
      if (running) throw new Error('the server is running');
      current = await startServer(env(port), { timeoutMs: CHILD_START_MS });
      running = true;
      if (current.url !== url) throw new Error(`restarted at ${current.url}, not ${url}`);
    },
    async close() {
      current.kill();
      await current.stop('SIGKILL', { timeoutMs: 10_000 }).catch(() => undefined);
      running = false;
      await db.drop().catch(() => undefined);
    },
  };
}

/** An in-process server for the current test only: closed (and its database dropped) after it. */
export async function serverForTest(): Promise<InProcessServer> {
  const server = await startInProcessServer();
  onTestFinished(() => server.close());
  return server;
}
