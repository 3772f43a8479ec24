import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCycles } from './cycles.js';
import { edgesOf, readImportEdges, unresolved } from './import-graph.js';
import { LAYER_RULES, layerViolations } from './layer-rules.js';

const ROOT = join(import.meta.dirname, '..', '..');
/** The code the rules speak of. bench/ is a harness: it may import src/slack/, say. */
const edges = readImportEdges(ROOT, ['src', 'blocks', 'jobs']);

/** The relative edges of one fabricated file. */
function fabricated(file: string, ...specifiers: string[]) {
  return edgesOf(file, specifiers.map((s) => `import { x } from '${s}';`).join('\n'));
}

describe('the layers (docs/architecture.md, "What may import what")', () => {
  it('reads every relative import to a file that exists', () => {
    expect(edges.filter((e) => e.relative).length).toBeGreaterThan(500);
    expect(unresolved(ROOT, edges)).toEqual([]);
  });

  it('holds every rule', () => {
    expect(layerViolations(edges)).toEqual([]);
  });

  it('has no file-level import cycle in src/, blocks/ or jobs/', () => {
    expect(importCycles(edges)).toEqual([]);
  });
});

describe('the layer checks can fail', () => {
  const [domain, blocks, store, app, slack, canvas] = LAYER_RULES.map((r) => r.says);

  it('src/domain/ importing anything else', () => {
    const found = layerViolations(
      fabricated('src/domain/engine/x.ts', '../review.js', '../../../blocks/index.js'),
    );
    expect(found).toEqual([`src/domain/engine/x.ts → blocks/index.ts: ${domain}`]);
  });

  it('blocks/ importing a use case or an adapter', () => {
    const found = layerViolations(
      fabricated(
        'blocks/x.ts',
        './text.js',
        '../src/domain/format.js',
        '../src/app/compute-status.js',
      ),
    );
    expect(found).toEqual([`blocks/x.ts → src/app/compute-status.ts: ${blocks}`]);
  });

  it('src/canvas/ importing the digest or a store adapter', () => {
    const found = layerViolations(
      fabricated(
        'src/canvas/x.ts',
        '../app/capacity-plan.js',
        '../store/ports.js',
        '../digest/send-digest.js',
        '../store/sqlite/sqlite-store.js',
      ),
    );
    expect(found).toEqual([
      `src/canvas/x.ts → src/digest/send-digest.ts: ${canvas}`,
      `src/canvas/x.ts → src/store/sqlite/sqlite-store.ts: ${canvas}`,
    ]);
  });

  it('src/store/ importing a view or a use case', () => {
    const found = layerViolations(
      fabricated('src/store/mongo/x.ts', '../../domain/metrics.js', '../../../blocks/ids.js'),
    );
    expect(found).toEqual([`src/store/mongo/x.ts → blocks/ids.ts: ${store}`]);
  });

  it('src/app/ importing an adapter, Slack or the digest, but not a port', () => {
    const found = layerViolations(
      fabricated(
        'src/app/x.ts',
        '../store/ports/reviews.js',
        '../metrics/errors.js',
        '../metrics/cached-source.js',
        '../store/sqlite/sqlite-store.js',
        '../slack/reply.js',
        '../digest/run-digest.js',
      ),
    );
    expect(found).toEqual([
      ...[
        'src/metrics/cached-source.ts',
        'src/store/sqlite/sqlite-store.ts',
        'src/slack/reply.ts',
        'src/digest/run-digest.ts',
      ].map((to) => `src/app/x.ts → ${to}: ${app}`),
      `src/app/x.ts → src/slack/reply.ts: ${slack}`,
    ]);
  });

  it('src/slack/ imported from outside the wiring', () => {
    const found = layerViolations([
      ...fabricated('src/digest/x.ts', '../slack/reply.js'),
      ...fabricated('src/bootstrap/x.ts', '../slack/app.js'),
      ...fabricated('bench/x.ts', '../src/slack/ack.js'),
    ]);
    expect(found).toEqual([`src/digest/x.ts → src/slack/reply.ts: ${slack}`]);
  });

  it('an import cycle, shown as a chain', () => {
    const cycles = importCycles([
      ...fabricated('src/app/b.ts', './c.js'),
      ...fabricated('src/app/c.ts', '../domain/d.js', './a.js'),
      ...fabricated('src/app/a.ts', './b.js'),
      ...fabricated('src/domain/d.ts', '@slack/bolt'),
    ]);
    expect(cycles).toEqual(['src/app/a.ts → src/app/b.ts → src/app/c.ts → src/app/a.ts']);
  });

  it('an unresolved import, which the graph would miss', () => {
    expect(unresolved(ROOT, fabricated('src/app/x.ts', './gone.js'))).toHaveLength(1);
  });
});
