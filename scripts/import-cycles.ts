import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  globFiles,
  parseCircular,
  parseDependencyTree,
  type Dependency,
  type DependencyTree,
} from 'dpdm';
import { DependencyKind } from 'dpdm/lib/consts.js';
import { parse as parseSvelte } from 'svelte/compiler';
import ts from 'typescript';

/**
 * Import cycles among a project's TypeScript and Svelte files. dpdm reads the TypeScript files
 * (resolving as the nearest tsconfig.json does) but takes a `.svelte` file for a leaf, so the
 * imports of each component's `<script>` blocks are added here, resolved the same way.
 */

export interface ImportCycles {
  /** Each cycle as the files on it (relative to the root), the first one imported by the last. */
  files: string[][];
  /** Each cycle between the folders of `folderLevelOf`, e.g. `plugins/ → realtime/`. */
  folders: FolderCycle[];
}

export interface FolderCycle {
  folders: string[];
  /** For each step of the cycle, one import that makes it: `from-file → to-file`. */
  imports: string[];
}

export interface ImportCycleOptions {
  /** Globs, relative to `root`, of the files whose imports are followed. */
  patterns: string[];
  /** A folder (relative to `root`) whose subfolders are compared as units, e.g. `server`. */
  folderLevelOf?: string;
}

const IGNORED = /node_modules|[/\\]dist[/\\]/;

const optionsByConfig = new Map<string, ts.CompilerOptions>();

/** The compiler options of the tsconfig.json nearest to the file, as TypeScript finds it. */
function compilerOptionsFor(file: string): ts.CompilerOptions {
  const configPath = ts.findConfigFile(path.dirname(file), (name) => ts.sys.fileExists(name));
  if (!configPath) return {};
  let options = optionsByConfig.get(configPath);
  if (!options) {
    const { config } = ts.readConfigFile(configPath, (name) => ts.sys.readFile(name)) as {
      config: unknown;
    };
    options = ts.parseJsonConfigFileContent(config, ts.sys, path.dirname(configPath)).options;
    optionsByConfig.set(configPath, options);
  }
  return options;
}

function resolveImport(request: string, fromFile: string): string | null {
  if (request.endsWith('.svelte') && request.startsWith('.')) {
    const target = path.resolve(path.dirname(fromFile), request);
    return ts.sys.fileExists(target) ? target : null;
  }
  const { resolvedModule } = ts.resolveModuleName(
    request,
    fromFile,
    compilerOptionsFor(fromFile),
    ts.sys,
  );
  if (!resolvedModule || resolvedModule.isExternalLibraryImport) return null;
  return resolvedModule.resolvedFileName;
}

type Located = { start: number; end: number };

/** The imports (static, dynamic and re-exports) of a component's instance and module scripts. */
async function svelteDependencies(file: string): Promise<Dependency[]> {
  const source = await readFile(file, 'utf8');
  const ast = parseSvelte(source, { modern: true });
  const scripts = [ast.module, ast.instance].flatMap((script) => {
    if (!script) return [];
    // Svelte parses with acorn, whose nodes carry their offsets; the estree types leave them out.
    const { start, end } = script.content as typeof script.content & Located;
    return [source.slice(start, end)];
  });
  return scripts.flatMap((script) =>
    ts.preProcessFile(script, true, true).importedFiles.map(({ fileName }) => ({
      issuer: file,
      request: fileName,
      kind: DependencyKind.StaticImport,
      id: resolveImport(fileName, file),
    })),
  );
}

/** Cycles of a directed graph given as adjacency lists (dpdm's depth-first search). */
function cyclesOf(graph: Map<string, Iterable<string>>): string[][] {
  const tree: DependencyTree = {};
  for (const [from, targets] of graph) {
    tree[from] = [...targets].map((to) => ({
      issuer: from,
      request: to,
      kind: DependencyKind.StaticImport,
      id: to,
    }));
  }
  return parseCircular(tree);
}

/** Folder → folder → one file-to-file import between them. */
type FolderGraph = Map<string, Map<string, [string, string]>>;

function folderGraph(tree: DependencyTree, root: string, level: string): FolderGraph {
  const folderOf = (file: string) => {
    const relative = path.relative(path.join(root, level), file);
    const [first, ...rest] = relative.split(path.sep);
    if (relative.startsWith('..') || first === undefined) return undefined;
    // A file directly in the folder is a unit of its own, as a subfolder is.
    return rest.length === 0 ? first : `${first}/`;
  };
  const graph: FolderGraph = new Map();
  for (const [file, dependencies] of Object.entries(tree)) {
    const from = folderOf(file);
    if (!from || !dependencies) continue;
    for (const { id } of dependencies) {
      const to = id ? folderOf(id) : undefined;
      if (!id || !to || to === from) continue;
      const targets = graph.get(from) ?? new Map<string, [string, string]>();
      if (!targets.has(to)) targets.set(to, [file, id]);
      graph.set(from, targets);
    }
  }
  return graph;
}

export async function findImportCycles(
  root: string,
  options: ImportCycleOptions,
): Promise<ImportCycles> {
  const matched = (await Promise.all(options.patterns.map((p) => globFiles(p, root))))
    .flat()
    .map((file) => path.resolve(root, file))
    .filter((file) => !IGNORED.test(file));
  const scripts = matched.filter((file) => !file.endsWith('.svelte'));
  const components = matched.filter((file) => file.endsWith('.svelte'));
  const tree = await parseDependencyTree(scripts, {
    cwd: root,
    context: root,
    exclude: IGNORED,
  });
  // parseDependencyTree keys the files by their path relative to `context`.
  const absoluteTree: DependencyTree = Object.fromEntries(
    Object.entries(tree).map(([file, dependencies]) => [
      path.resolve(root, file),
      dependencies?.map((d) => ({ ...d, id: d.id === null ? null : path.resolve(root, d.id) })) ??
        null,
    ]),
  );
  for (const component of components) {
    absoluteTree[component] = await svelteDependencies(component);
  }
  const relative = (file: string) => path.relative(root, file).split(path.sep).join('/');
  const files = parseCircular(absoluteTree).map((cycle) => cycle.map(relative));
  if (!options.folderLevelOf) return { files, folders: [] };
  const graph = folderGraph(absoluteTree, root, options.folderLevelOf);
  const adjacency = new Map([...graph].map(([from, targets]) => [from, [...targets.keys()]]));
  const folders = cyclesOf(adjacency).map((cycle) => ({
    folders: cycle,
    imports: cycle.map((from, i) => {
      const to = cycle[(i + 1) % cycle.length] ?? from;
      const [fromFile, toFile] = graph.get(from)?.get(to) ?? ['?', '?'];
      return `${relative(fromFile)} → ${relative(toFile)}`;
    }),
  }));
  return { files, folders };
}
