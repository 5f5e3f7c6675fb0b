import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childEnv, startServer, type ServerProcess } from '../support/server-process.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

// A SIGTERM as soon as the server says it is running must end it cleanly: the work of its start
// (the setup link, clearing old sign-ins) is done before that line, not racing the pool's end.

let database: TestDatabase;
const running = new Set<ServerProcess>();

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  for (const server of running) server.kill();
  await database.drop();
});

describe('a server stopped right after "Openbeat is running"', () => {
  it('exits 0, every time', async () => {
    const env = childEnv({
      PORT: '0',
      LOG_LEVEL: 'warn',
      DATABASE_URL: database.url,
      SIMULATOR: 'off',
    });
    for (let round = 0; round < 3; round++) {
      const server = await startServer(env);
      running.add(server);
      expect(await server.stop('SIGTERM'), server.output()).toBe(0);
      running.delete(server);
    }
  }, 120_000);
});
