import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

/** What the client build is made from, relative to the repository; a change to any rebuilds it. */
export const CLIENT_BUILD_INPUTS = [
  'client/index.html',
  'client/src',
  'client/public',
  'client/build',
  'client/basemap-data',
  'client/vite.config.ts',
  'client/svelte.config.js',
  'shared',
  // A dependency upgrade (MapLibre, Svelte, world-atlas, …) changes the bundle too.
  'package-lock.json',
];

export interface FileTime {
  path: string;
  mtimeMs: number;
}

/**
 * Why the client must be built again, or null when its build is newer than every input.
 * `builtAtMs` is the build's index.html time, null when there is none.
 */
export function rebuildReason(builtAtMs: number | null, inputs: Iterable<FileTime>): string | null {
  if (builtAtMs === null) return 'there is no build yet';
  for (const input of inputs) {
    if (input.mtimeMs > builtAtMs) return `${input.path} changed since the last build`;
  }
  return null;
}

async function mtimeOf(file: string): Promise<number | null> {
  try {
    return (await stat(file)).mtimeMs;
  } catch {
    return null;
  }
}

/**
 * The times of the inputs that exist: each file, and each directory itself, since deleting or
 * renaming a file changes only its directory's time.
 */
export async function inputTimes(repoRoot: string, inputs: string[]): Promise<FileTime[]> {
  const times: FileTime[] = [];
  for (const input of inputs) {
    const absolute = path.join(repoRoot, input);
    const mtimeMs = await mtimeOf(absolute);
    if (mtimeMs === null) continue;
    times.push({ path: input, mtimeMs });
    const isDirectory = (await stat(absolute)).isDirectory();
    if (!isDirectory) continue;
    for (const entry of await readdir(absolute, { recursive: true })) {
      const entryTime = await mtimeOf(path.join(absolute, entry));
      if (entryTime !== null) times.push({ path: path.join(input, entry), mtimeMs: entryTime });
    }
  }
  return times;
}

/** Why client/dist must be built again (null when it is up to date). */
export async function clientRebuildReason(repoRoot: string): Promise<string | null> {
  const builtAtMs = await mtimeOf(path.join(repoRoot, 'client/dist/index.html'));
  return rebuildReason(builtAtMs, await inputTimes(repoRoot, CLIENT_BUILD_INPUTS));
}
