import { parseArgs } from 'node:util';
import { KEY_ROLES, type KeyRole } from '../../shared/roles.js';
import { createApiKey } from '../auth/api-keys.service.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';

const USAGE = `usage: npm run key:create -- --role <${KEY_ROLES.join('|')}> --name <who uses it>`;

function isKeyRole(value: string): value is KeyRole {
  return (KEY_ROLES as readonly string[]).includes(value);
}

/** Creates an API key and prints it, alone, on the last line: the only time it is shown. */
async function main() {
  const { values } = parseArgs({
    options: { role: { type: 'string' }, name: { type: 'string' } },
    strict: true,
  });
  const role = values.role ?? '';
  const name = values.name?.trim() ?? '';
  if (!isKeyRole(role) || !/^[\w.:-]{1,100}$/.test(name)) {
    console.error(USAGE);
    console.error(
      'the name may hold letters, digits and . _ : - (it becomes the source of what the key writes)',
    );
    process.exit(2);
  }
  const db = await openDatabase(loadConfig());
  try {
    const { id, key } = await createApiKey(db.pool, { role, name });
    console.log(`Created a ${role} key "${name}" (id ${id}) in the ${db.mode} database.`);
    console.log('Store it now: only its hash is kept, so it cannot be shown again.');
    console.log(key);
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(`key:create failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
