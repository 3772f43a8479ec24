/**
 * `npm run docs:config`: writes docs/config.md, docs/scale-review.schema.json,
 * examples/scale-review.yml and .env.example from the zod schemas and the descriptions in
 * scripts/config-reference/. `--check` writes nothing and exits 1 when a file is stale.
 * Whoever changes a config schema (or merges branches that did) reruns it (CONTRIBUTING.md).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderAll } from './config-reference/render.js';

const root = join(import.meta.dirname, '..');
const check = process.argv.includes('--check');
const stale: string[] = [];
for (const [path, content] of Object.entries(renderAll())) {
  const file = join(root, path);
  const current = await readFile(file, 'utf8').catch(() => null);
  if (current === content) continue;
  stale.push(path);
  if (!check) await writeFile(file, content);
}
if (check && stale.length > 0) {
  process.stderr.write(`stale: ${stale.join(', ')}; run \`npm run docs:config\`\n`);
  process.exit(1);
}
process.stdout.write(
  stale.length === 0 ? 'config docs are up to date\n' : `wrote ${stale.join(', ')}\n`,
);
