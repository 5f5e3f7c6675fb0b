import { loadConfig } from '../config.js';
import { readCliArgs } from './cli-args.js';
import { openKeyAdmin } from './key-admin-connection.js';

const USAGE = `usage: npm run key:revoke -- <name or id>

Revokes an API key: every server process refuses it from the next request on and closes the
sockets opened with it. A name names the key in use under it; when several keys in use share
the name, give the id (npm run key:list shows them). Revocation is final.
Works while the server runs, with DATABASE_URL or the embedded database.`;

async function main() {
  const { positionals } = readCliArgs(USAGE, {}, { allow: true });
  const reference = positionals[0]?.trim() ?? '';
  if (positionals.length !== 1 || reference === '' || reference.length > 200) {
    console.error(USAGE);
    process.exit(2);
  }
  const connection = await openKeyAdmin(loadConfig());
  try {
    const result = await connection.admin.revoke(reference);
    switch (result.outcome) {
      case 'revoked':
        console.log(
          `Revoked the ${result.key.role} key "${result.key.name}" (id ${result.key.id}) in the ` +
            `${connection.where}: it is refused from now on, and its open sockets are closed.`,
        );
        return;
      case 'already_revoked':
        console.log(
          `The ${result.key.role} key "${result.key.name}" (id ${result.key.id}) was already ` +
            `revoked, at ${result.revokedAt}: nothing to do.`,
        );
        return;
      case 'not_found':
        console.error(`No API key has the name or id "${reference}" (see npm run key:list).`);
        process.exitCode = 1;
        return;
      case 'ambiguous':
        console.error(
          `"${reference}" names ${result.keys.length} keys in use; revoke one by its id:\n` +
            result.keys.map((key) => `  ${key.id}  ${key.name}  ${key.role}`).join('\n'),
        );
        process.exitCode = 1;
        return;
    }
  } finally {
    await connection.close();
  }
}

main().catch((error: unknown) => {
  console.error(`key:revoke failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
