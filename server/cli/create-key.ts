import { KEY_ROLES, type KeyRole } from '../../shared/roles.js';
import { KEY_NAME_PATTERN } from '../auth/key-admin.js';
import { loadConfig } from '../config.js';
import { readCliArgs } from './cli-args.js';
import { openKeyAdmin } from './key-admin-connection.js';

const USAGE = `usage: npm run key:create -- --role <${KEY_ROLES.join('|')}> --name <who uses it>

Creates an API key and prints it, alone, on the last line: the only time it is shown (only its
SHA-256 is stored). The name may hold letters, digits and . _ : - (it becomes the source of what
the key writes). Works while the server runs, with DATABASE_URL or the embedded database.
See also: npm run key:list, npm run key:revoke -- <name or id>`;

function isKeyRole(value: string): value is KeyRole {
  return (KEY_ROLES as readonly string[]).includes(value);
}

async function main() {
  const { values } = readCliArgs(USAGE, {
    role: { type: 'string' },
    name: { type: 'string' },
  });
  const role = typeof values.role === 'string' ? values.role : '';
  const name = typeof values.name === 'string' ? values.name.trim() : '';
  if (!isKeyRole(role) || !new RegExp(KEY_NAME_PATTERN).test(name)) {
    console.error(USAGE);
    process.exit(2);
  }
  const connection = await openKeyAdmin(loadConfig());
  try {
    const { id, key } = await connection.admin.create({ role, name });
    console.log(`Created a ${role} key "${name}" (id ${id}) in the ${connection.where}.`);
    console.log('Store it now: only its hash is kept, so it cannot be shown again.');
    console.log(key);
  } finally {
    await connection.close();
  }
}

main().catch((error: unknown) => {
  console.error(`key:create failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
