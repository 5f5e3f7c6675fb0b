import type { KeyListing } from '../auth/api-keys.service.js';
import { loadConfig } from '../config.js';
import { readCliArgs } from './cli-args.js';
import { openKeyAdmin } from './key-admin-connection.js';

const USAGE = `usage: npm run key:list

Lists the API keys: id, name, role, when each was created and last used (to the minute, UTC)
and whether it is revoked. Never the keys themselves: only their hashes are stored.
Works while the server runs, with DATABASE_URL or the embedded database.`;

const minute = (iso: string | null) => (iso ? iso.slice(0, 16).replace('T', ' ') : '-');

function table(keys: readonly KeyListing[]): string {
  const rows = [
    ['id', 'name', 'role', 'created (UTC)', 'last used', 'state'],
    ...keys.map((key) => [
      key.id,
      key.name,
      key.role,
      minute(key.createdAt),
      minute(key.lastUsedAt),
      key.revokedAt ? `revoked ${minute(key.revokedAt)}` : 'active',
    ]),
  ];
  const widths = rows[0]?.map((_, column) =>
    Math.max(...rows.map((row) => row[column]?.length ?? 0)),
  );
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths?.[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

async function main() {
  readCliArgs(USAGE, {});
  const connection = await openKeyAdmin(loadConfig());
  try {
    const keys = await connection.admin.list();
    if (keys.length === 0) {
      console.log(`No API keys in the ${connection.where}. Create one: npm run key:create`);
      return;
    }
    const active = keys.filter((key) => key.revokedAt === null).length;
    console.log(table(keys));
    console.log(`${keys.length} keys (${active} active) in the ${connection.where}.`);
  } finally {
    await connection.close();
  }
}

main().catch((error: unknown) => {
  console.error(`key:list failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
