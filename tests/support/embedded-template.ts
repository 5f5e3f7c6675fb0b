import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../server/db/database.js';
import { MIGRATIONS_DIR } from '../../server/db/migrate.js';
import { REPO_ROOT } from './server-process.js';

// A new embedded data folder costs ~25 s (initdb in PGlite, unpacking PostGIS, 19 migrations);
// a copy of one that has been through that costs well under a second. The template is made once
// per version of the migrations and of PGlite, by whichever test file asks first, and kept in
// os.tmpdir() so that later runs reuse it. Tests of the very first start keep an empty folder.

/** What makes a data folder different: the migrations, PGlite and how it is opened. */
const PGLITE_PACKAGES = ['pglite', 'pglite-postgis', 'pglite-socket'];
const EMBEDDED_SOURCE = path.join(REPO_ROOT, 'server/db/embedded.ts');

/** A lock held this long belongs to a run that died while making the template. */
const STALE_LOCK_MS = 5 * 60_000;
const WAIT_TIMEOUT_MS = 5 * 60_000;

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

/** A hash of every input the template's contents depend on. */
async function templateKey(): Promise<string> {
  const hash = createHash('sha256');
  const names = (await fs.readdir(MIGRATIONS_DIR)).sort();
  for (const name of names) {
    hash.update(`migration ${name}\n`);
    hash.update(await fs.readFile(path.join(MIGRATIONS_DIR, name)));
  }
  for (const name of PGLITE_PACKAGES) {
    const manifest = path.join(REPO_ROOT, 'node_modules/@electric-sql', name, 'package.json');
    const { version } = JSON.parse(await fs.readFile(manifest, 'utf8')) as { version: string };
    hash.update(`@electric-sql/${name}@${version}\n`);
  }
  hash.update(await fs.readFile(EMBEDDED_SOURCE));
  return hash.digest('hex').slice(0, 16);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A lock folder with the holder's pid: taken over when the holder is gone or the lock is old. */
async function takeLock(lockDir: string): Promise<boolean> {
  try {
    await fs.mkdir(lockDir);
    await fs.writeFile(path.join(lockDir, 'pid'), String(process.pid));
    return true;
  } catch {
    const since = await fs.stat(lockDir).then(
      (s) => Date.now() - s.mtimeMs,
      () => 0,
    );
    const holder = Number(await fs.readFile(path.join(lockDir, 'pid'), 'utf8').catch(() => ''));
    const holderGone = Number.isInteger(holder) && holder > 0 && !isRunning(holder);
    if (since > STALE_LOCK_MS || holderGone) {
      await fs.rm(lockDir, { recursive: true, force: true });
    }
    return false;
  }
}

/** Initialises and migrates a data folder beside the template, then renames it into place. */
async function makeTemplate(templateDir: string): Promise<void> {
  const building = `${templateDir}.building-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    const started = Date.now();
    const db = await openDatabase({ databaseUrl: undefined, dataDir: building, dbPoolMax: 1 });
    await db.close();
    // The rename is atomic: a template folder that exists is complete. It fails only when
    // another process (one that took over a stale lock) was quicker; its template is as good.
    await fs.rename(building, templateDir).catch(async (error: unknown) => {
      if (!(await exists(templateDir))) throw error;
    });
    console.info(
      `embedded template: initialised and migrated ${templateDir} in ${Date.now() - started} ms`,
    );
  } finally {
    await fs.rm(building, { recursive: true, force: true });
  }
}

/** The path of the migrated template data folder, made first when it does not exist yet. */
export async function embeddedTemplateDir(): Promise<string> {
  const templateDir = path.join(os.tmpdir(), `openbeat-embedded-template-${await templateKey()}`);
  const lockDir = `${templateDir}.lock`;
  const started = Date.now();
  while (!(await exists(templateDir))) {
    if (Date.now() - started > WAIT_TIMEOUT_MS) {
      throw new Error(
        `the embedded template ${templateDir} did not appear in ${WAIT_TIMEOUT_MS} ms`,
      );
    }
    if (await takeLock(lockDir)) {
      try {
        if (!(await exists(templateDir))) await makeTemplate(templateDir);
      } finally {
        await fs.rm(lockDir, { recursive: true, force: true });
      }
    } else {
      // Another test file is making it.
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  return templateDir;
}

/**
 * A new temporary data folder (os.tmpdir()/<prefix>XXXXXX, as fs.mkdtemp) holding a copy of an
 * initialised and migrated embedded database with no data: what a server's or CLI's first start
 * would have left, without paying for it. The caller removes it.
 */
export async function freshEmbeddedDataDir(prefix: string): Promise<string> {
  const template = await embeddedTemplateDir();
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  await fs.cp(template, dataDir, { recursive: true });
  return dataDir;
}
