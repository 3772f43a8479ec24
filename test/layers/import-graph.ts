import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

/**
 * The import graph of the code, read as text: every `import … from`, `export … from`, side-effect
 * `import '…'` and `import('…')`. Files are named by their path from the repository root with
 * forward slashes (`src/app/home.ts`); a relative specifier is resolved to the `.ts` file it
 * names (`./x.js` → `x.ts`, a folder → its `index.ts`).
 */

export interface ImportEdge {
  /** The importing file (`src/app/home.ts`). */
  from: string;
  /** The imported file for a relative specifier (`src/metrics/port.ts`), else the package. */
  to: string;
  /** The specifier as written. */
  specifier: string;
  relative: boolean;
}

/** Every `.ts` file below `dir` (absolute paths). */
export function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** The specifiers a source file imports or re-exports, in order. */
export function importsOf(source: string): string[] {
  const specifiers = [
    ...source.matchAll(/\bfrom\s+['"]([^'"]+)['"]/g),
    ...source.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g),
    ...source.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm),
  ];
  return specifiers.map((m) => m[1] ?? '');
}

/**
 * `./x.js` from `src/app/a.ts` → `src/app/x.ts`; a folder → its `index.ts`; another file
 * (`../package.json`) as named. Forward slashes.
 */
export function resolveRelative(from: string, specifier: string): string {
  const base = join(dirname(from), specifier).split(sep).join('/');
  if (base.endsWith('.js')) return `${base.slice(0, -3)}.ts`;
  if (/\.\w+$/.test(base)) return base;
  return `${base}/index.ts`;
}

/** The edges of one file, given its repository path and its text. */
export function edgesOf(file: string, source: string): ImportEdge[] {
  return importsOf(source).map((specifier) => {
    const isRelative = specifier.startsWith('.');
    return {
      from: file,
      to: isRelative ? resolveRelative(file, specifier) : specifier,
      specifier,
      relative: isRelative,
    };
  });
}

/** The edges of every file below the given folders of `root` (`['src', 'blocks', 'jobs']`). */
export function readImportEdges(root: string, folders: readonly string[]): ImportEdge[] {
  return folders.flatMap((folder) =>
    sourceFiles(join(root, folder)).flatMap((path) => {
      const file = relative(root, path).split(sep).join('/');
      return edgesOf(file, readFileSync(path, 'utf8'));
    }),
  );
}

/** Relative imports that name no file: the graph would silently miss them. */
export function unresolved(root: string, edges: readonly ImportEdge[]): ImportEdge[] {
  return edges.filter((e) => e.relative && !existsSync(join(root, e.to)));
}
