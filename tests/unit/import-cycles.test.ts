import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findImportCycles } from '../../scripts/import-cycles.js';

// A tiny project written for each run: the check must see cycles through type-only imports,
// dynamic imports and the <script> of a Svelte component, and cycles between folders.

let root: string;

const FILES: Record<string, string> = {
  'tsconfig.json': JSON.stringify({
    compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true },
  }),
  'package.json': JSON.stringify({ type: 'module' }),
  // a → b → a, b's import being type-only
  'app/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
  'app/b.ts': "import type { a } from './a.js';\nexport const b = 1;\nexport type A = typeof a;\n",
  // lazy → eager → lazy, through a dynamic import
  'app/lazy.ts': "export const load = () => import('./eager.js');\n",
  'app/eager.ts': "export { load } from './lazy.js';\n",
  // Widget.svelte → helper → Widget.svelte
  'app/Widget.svelte':
    '<script lang="ts">\n  import { helper } from \'./helper.js\';\n  let n: number = helper();\n</script>\n\n<p>{n}</p>\n',
  'app/helper.ts':
    "import Widget from './Widget.svelte';\nexport const helper = () => (Widget ? 1 : 0);\n",
  // leaf.ts imports into a cycle without being on it
  'app/leaf.ts': "import { a } from './a.js';\nexport const leaf = a;\n",
  // server/x and server/y import each other, with no file on a cycle
  'server/x/one.ts': "import { two } from '../y/two.js';\nexport const one = two;\n",
  'server/y/two.ts': "import { three } from '../x/three.js';\nexport const two = three;\n",
  'server/x/three.ts': 'export const three = 3;\n',
  'server/main.ts': "import { one } from './x/one.js';\nexport const main = one;\n",
  // clean/: imports run one way, between files and between folders
  'clean/main.ts':
    "import { l } from './lib/l.js';\nimport { u } from './util/u.js';\nexport const m = l + u;\n",
  'clean/lib/l.ts': "import type { U } from '../util/u.js';\nexport const l: U = 1;\n",
  'clean/util/u.ts': 'export type U = number;\nexport const u: U = 2;\n',
};

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'openbeat-import-cycles-'));
  for (const [file, text] of Object.entries(FILES)) {
    await fs.mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await fs.writeFile(path.join(root, file), text);
  }
});

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

const sorted = (cycles: string[][]) => cycles.map((cycle) => [...cycle].sort()).sort();

describe('findImportCycles', () => {
  it('finds cycles through type-only imports, dynamic imports and Svelte scripts', async () => {
    const { files } = await findImportCycles(root, { patterns: ['app/**/*.{ts,svelte}'] });
    expect(sorted(files)).toEqual([
      ['app/Widget.svelte', 'app/helper.ts'],
      ['app/a.ts', 'app/b.ts'],
      ['app/eager.ts', 'app/lazy.ts'],
    ]);
  });

  it('finds folders that import each other, naming one import of each step', async () => {
    const { files, folders } = await findImportCycles(root, {
      patterns: ['server/**/*.ts'],
      folderLevelOf: 'server',
    });
    expect(files).toEqual([]);
    expect(folders).toHaveLength(1);
    const [cycle] = folders;
    expect([...(cycle?.folders ?? [])].sort()).toEqual(['x/', 'y/']);
    expect([...(cycle?.imports ?? [])].sort()).toEqual([
      'server/x/one.ts → server/y/two.ts',
      'server/y/two.ts → server/x/three.ts',
    ]);
  });

  it('finds nothing where imports run one way', async () => {
    const { files, folders } = await findImportCycles(root, {
      patterns: ['clean/**/*.ts'],
      folderLevelOf: 'clean',
    });
    expect(files).toEqual([]);
    expect(folders).toEqual([]);
  });
});
