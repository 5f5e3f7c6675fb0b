import { randomBytes } from 'node:crypto';
import { text } from 'node:stream/consumers';
import { PERSON_ROLES, isPrivileged, type PersonRole } from '../../shared/roles.js';
import { createUser } from '../accounts/users.service.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { DataDirInUseError } from '../db/data-dir-lock.js';
import { readCliArgs } from './cli-args.js';

const USAGE = `usage: npm run user:create -- --role <${PERSON_ROLES.join('|')}> --email <address> [--password-stdin] [--name <display name>]

Creates a person's account. With --password-stdin the password (at least 12 characters) is read
from standard input; without it, one is made and printed once on the last line. A privileged
role (moderator, dispatcher, admin) enrols its second factor (an authenticator app) at its first
sign-in. Works with DATABASE_URL, or on the embedded database while the server is stopped (a
running server has its own way: the setup link it prints while no admin exists).`;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MIN_PASSWORD = 12;

function isPersonRole(value: string): value is PersonRole {
  return (PERSON_ROLES as readonly string[]).includes(value);
}

async function main() {
  const { values } = readCliArgs(USAGE, {
    role: { type: 'string' },
    email: { type: 'string' },
    name: { type: 'string' },
    'password-stdin': { type: 'boolean' },
  });
  const role = typeof values.role === 'string' ? values.role : '';
  const email = typeof values.email === 'string' ? values.email.trim() : '';
  if (!isPersonRole(role) || !EMAIL.test(email) || email.length > 254) {
    console.error(USAGE);
    process.exit(2);
  }
  const fromStdin = values['password-stdin'] === true;
  const password = fromStdin
    ? (await text(process.stdin)).replace(/\r?\n$/, '')
    : randomBytes(18).toString('base64url');
  if (password.length < MIN_PASSWORD || password.length > 256) {
    console.error(`The password must have ${MIN_PASSWORD} to 256 characters`);
    process.exit(2);
  }
  const config = loadConfig();
  let db;
  try {
    db = await openDatabase({ ...config, dbPoolMax: 1 });
  } catch (error) {
    if (error instanceof DataDirInUseError) {
      throw new Error(
        `${error.message}. Stop the server first, or use the setup link it printed at start`,
      );
    }
    throw error;
  }
  try {
    const name = typeof values.name === 'string' ? values.name.trim() : '';
    const id = await createUser(db.pool, { email, password, role, displayName: name || null });
    if (id === null) throw new Error(`${email.toLowerCase()} already has an account`);
    console.log(
      `Created the ${role} account ${email.toLowerCase()} (id ${id}) in the ${db.mode} database.`,
    );
    if (isPrivileged(role)) {
      console.log('At the first sign-in it enrols an authenticator app (the second factor).');
    }
    if (!fromStdin) {
      console.log('Its password, shown only now:');
      console.log(password);
    }
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(`user:create failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
