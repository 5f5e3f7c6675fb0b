import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, sessionCookieOf, signIn } from '../support/accounts.js';
import { freshEmbeddedDataDir } from '../support/embedded-template.js';
import { childEnv, startServer } from '../support/server-process.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// `npm run user:create` while no server runs, and the setup link a server prints at start.

const CLI_TIMEOUT = 90_000;

function runCreateUser(
  env: NodeJS.ProcessEnv,
  args: string[],
  stdin?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/create-user.ts', ...args], {
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.end(stdin ?? '');
  return new Promise((resolve) => {
    child.on('close', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

describe('user:create', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it(
    'creates an admin with a password from stdin, who signs in and must enrol TOTP',
    async () => {
      const env = childEnv({ DATABASE_URL: t.db.url });
      const password = 'a password from stdin';
      const result = await runCreateUser(
        env,
        ['--role', 'admin', '--email', 'Ops@Example.org', '--password-stdin'],
        `${password}\n`,
      );
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(result.stdout).toContain('Created the admin account ops@example.org');
      expect(result.stdout).not.toContain(password);
      const session = await signIn(t.app, { email: 'ops@example.org', password });
      const me = await call(t.app, 'GET', '/api/v1/session', { cookie: session.cookie });
      expect(me.body).toMatchObject({ accountRole: 'admin', secondFactor: 'enrolment_required' });

      const twice = await runCreateUser(
        env,
        ['--role', 'admin', '--email', 'ops@example.org', '--password-stdin'],
        `${password}\n`,
      );
      expect(twice.code).toBe(1);
      expect(twice.stderr).toContain('already has an account');
    },
    CLI_TIMEOUT,
  );

  it(
    'makes a password and prints it once, on the last line, without --password-stdin',
    async () => {
      const env = childEnv({ DATABASE_URL: t.db.url });
      const result = await runCreateUser(env, ['--role', 'resident', '--email', 'r@example.org']);
      expect(result.code, result.stderr).toBe(0);
      const password = result.stdout.trim().split('\n').at(-1) ?? '';
      expect(password.length).toBeGreaterThanOrEqual(12);
      await signIn(t.app, { email: 'r@example.org', password });
      const usage = await runCreateUser(env, ['--role', 'king', '--email', 'k@example.org']);
      expect(usage.code).toBe(2);
    },
    CLI_TIMEOUT,
  );
});

describe('setup link at start', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it(
    'prints one setup line while no admin exists; the link creates the admin once',
    async () => {
      const env = childEnv({ DATABASE_URL: db.url, PORT: '0', DEMO: 'off', LOG_LEVEL: 'warn' });
      const server = await startServer(env);
      try {
        const line = await waitForLine(() => server.output(), /No admin yet: .*?(http:\S+)/);
        expect(server.output().match(/No admin yet/g)).toHaveLength(1);
        const link = new URL(line);
        expect(link.pathname).toBe('/setup');
        const token = link.searchParams.get('token');
        const created = await call(
          server.url,
          'POST',
          '/api/v1/account/setup',
          {},
          {
            token,
            email: 'first@example.org',
            password: 'first admin password',
          },
        );
        expect(created.status).toBe(201);
        expect(sessionCookieOf(created.headers)).toBeDefined();
      } finally {
        await server.stop();
      }
      const again = await startServer(env);
      try {
        // The link would follow the running line at once; nothing came, and no token was made.
        await new Promise((resolve) => setTimeout(resolve, 1000));
        expect(again.output()).not.toContain('No admin yet');
        const tokens = await db.pool.query('SELECT 1 FROM admin_setup_tokens');
        expect(tokens.rowCount).toBe(0);
      } finally {
        await again.stop();
      }
    },
    CLI_TIMEOUT * 2,
  );
});

describe('user:create on the embedded database', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await freshEmbeddedDataDir('openbeat-users-');
  }, 180_000);
  afterAll(async () => {
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('creates the admin while the server is stopped; the server then starts without a setup link', async () => {
    const env = childEnv({ DATA_DIR: dataDir, DEMO: 'off', SIMULATOR: 'off' });
    const password = 'embedded admin password';
    const result = await runCreateUser(
      env,
      ['--role', 'admin', '--email', 'embedded@example.org', '--password-stdin'],
      password,
    );
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('in the embedded database');
    const server = await startServer(
      { ...env, PORT: '0', LOG_LEVEL: 'warn' },
      { timeoutMs: 150_000 },
    );
    try {
      const session = await signIn(server.url, { email: 'embedded@example.org', password });
      const me = await call(server.url, 'GET', '/api/v1/session', { cookie: session.cookie });
      expect(me.body).toMatchObject({ accountRole: 'admin' });
      expect(server.output()).not.toContain('No admin yet');
    } finally {
      await server.stop();
    }
  }, 240_000);
});

async function waitForLine(output: () => string, pattern: RegExp): Promise<string> {
  const started = Date.now();
  while (Date.now() - started < 20_000) {
    const match = pattern.exec(output());
    if (match?.[1]) return match[1];
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no line matched ${String(pattern)}:\n${output()}`);
}
