import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface LoadedScript {
  /** The path under the build folder, e.g. `assets/embed-stats-1a2b3c.js`. */
  file: string;
  bytes: number;
  gzipBytes: number;
  text: string;
}

const PAGE_SCRIPT =
  /<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\/([^"]+\.js)"/g;
/** Static imports between chunks as Vite writes them: `import{…}from"./x.js"`, `import"./x.js"`. */
const STATIC_IMPORT = /(?:\bfrom|\bimport)\s*["']\.\/([^"']+\.js)["']/g;

/**
 * The JavaScript a built page loads before it runs: its module scripts and modulepreloads, and
 * every chunk they import statically (dynamic `import()`s load only when used, and are left
 * out). Sizes as sent with gzip (level 9, as the precompressed files are served).
 */
export async function pageJavaScript(distDir: string, htmlFile: string): Promise<LoadedScript[]> {
  const html = await readFile(path.join(distDir, htmlFile), 'utf8');
  const queue = [...html.matchAll(PAGE_SCRIPT)].map((match) => match[1] ?? '');
  const loaded = new Map<string, LoadedScript>();
  while (queue.length > 0) {
    const file = queue.pop() ?? '';
    if (file === '' || loaded.has(file)) continue;
    const content = await readFile(path.join(distDir, file));
    const text = content.toString('utf8');
    loaded.set(file, {
      file,
      bytes: content.length,
      gzipBytes: gzipSync(content, { level: 9 }).length,
      text,
    });
    const folder = path.posix.dirname(file);
    for (const match of text.matchAll(STATIC_IMPORT)) {
      queue.push(path.posix.join(folder, match[1] ?? ''));
    }
  }
  return [...loaded.values()].sort((a, b) => a.file.localeCompare(b.file));
}
