import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeyVerifier, hashApiKey } from '../../server/auth/api-keys.service.js';
import { childEnv, runCreateKey } from '../support/server-process.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

// `npm run key:create` as a person runs it, against a real PostgreSQL (DATABASE_URL).

const KEY_PATTERN = /^ob_[A-Za-z0-9_-]{43}$/;
const USAGE =
  'usage: npm run key:create -- --role <dispatcher|moderator|admin> --name <who uses it>';
const CLI_TIMEOUT = 60_000;

let db: TestDatabase;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  db = await createTestDatabase();
  env = childEnv({ DATABASE_URL: db.url });
});

afterAll(async () => {
  await db.drop();
});

async function keyCount(): Promise<number> {
  const result = await db.pool.query<{ count: string }>('SELECT count(*) FROM api_keys');
  return Number(result.rows[0]?.count);
}

describe('key:create', () => {
  it(
    'prints the key alone on the last line and stores only its SHA-256',
    async () => {
      const result = await runCreateKey(env, ['--role', 'dispatcher', '--name', 'cad-feed']);
      expect(result.code, result.stdout + result.stderr).toBe(0);
      const key = result.lastLine;
      expect(key).toMatch(KEY_PATTERN);
      expect(result.stdout.endsWith(`\n${key}\n`)).toBe(true);
      // Shown once: only on the last line, never in the lines before it or on stderr.
      expect(result.stdout.split(key)).toHaveLength(2);
      expect(result.stderr).not.toContain(key);
      expect(result.stdout).toContain('in the external database');

      const rows = await db.pool.query<{
        name: string;
        role: string;
        key_hash: string;
        row: string;
      }>('SELECT name, role, key_hash, k::text AS row FROM api_keys k');
      expect(rows.rows).toHaveLength(1);
      const row = rows.rows[0];
      expect(row).toMatchObject({
        name: 'cad-feed',
        role: 'dispatcher',
        key_hash: hashApiKey(key),
      });
      // Neither the key nor its secret part appears anywhere in the row.
      expect(row?.row).not.toContain(key);
      expect(row?.row).not.toContain(key.slice('ob_'.length));
      expect(row?.row.toLowerCase()).not.toContain(key.slice('ob_'.length).toLowerCase());
      const anywhere = await db.pool.query<{ count: string }>(
        'SELECT count(*) FROM api_keys k WHERE position($1 in k::text) > 0',
        [key.slice('ob_'.length)],
      );
      expect(anywhere.rows[0]?.count).toBe('0');

      // And the printed key is the one the server accepts.
      const principal = await new ApiKeyVerifier(db.pool).verify(key);
      expect(principal).toMatchObject({ name: 'cad-feed', role: 'dispatcher' });
    },
    CLI_TIMEOUT,
  );

  it.each([
    { case: 'a role that does not exist', args: ['--role', 'superuser', '--name', 'someone'] },
    { case: 'no role', args: ['--name', 'someone'] },
    { case: 'no name', args: ['--role', 'dispatcher'] },
    { case: 'an empty name', args: ['--role', 'dispatcher', '--name', '  '] },
    { case: 'a name with spaces', args: ['--role', 'dispatcher', '--name', 'two words'] },
  ])(
    'exits 2 with the usage line and creates nothing for $case',
    async ({ args }) => {
      const before = await keyCount();
      const result = await runCreateKey(env, args);
      expect(result.code, result.stdout + result.stderr).toBe(2);
      expect(result.stderr).toContain(USAGE);
      expect(result.stdout).not.toMatch(/ob_[A-Za-z0-9_-]{43}/);
      expect(await keyCount()).toBe(before);
    },
    CLI_TIMEOUT,
  );
});
