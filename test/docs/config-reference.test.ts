import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DESCRIPTIONS } from '../../scripts/config-reference/descriptions.js';
import { ENV_VARS } from '../../scripts/config-reference/env-vars.js';
import { defaults, entries, schemaPaths } from '../../scripts/config-reference/model.js';
import { OUTPUTS, renderAll } from '../../scripts/config-reference/render.js';
import { sectionSchemas } from '../../scripts/config-reference/schema.js';
import { composeAppConfig } from '../../src/config/app-config.js';
import { envSchema } from '../../src/config/bot-env.js';
import { parseConfigText } from '../../src/config/config-file.js';
import { cliEnvSchema } from '../../src/config/env.js';
import { METRICS_ENV_VARIABLES } from '../../src/config/metrics-env.js';

const ROOT = join(import.meta.dirname, '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const FIX = 'stale: run `npm run docs:config` and commit the result';

/** The example with every setting line uncommented (`  #   key: value # why` -> `    key: value # why`). */
function uncommented(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/^( {2})# ( *[A-Za-z0-9_]+:.*)$/, '$1$2'))
    .join('\n');
}

function sectionsOf(text: string, name: string) {
  const config = composeAppConfig(parseConfigText(text, name));
  return {
    slack: config.slack,
    digest: config.digest,
    store: config.store,
    metrics: config.metrics,
    infrastructure: config.infrastructure,
    plan: config.plan,
  };
}

describe('the generated config reference', () => {
  it.each(Object.values(OUTPUTS))('%s matches the zod schemas and the descriptions', (path) => {
    expect(read(path), `${path} is ${FIX}`).toBe(renderAll()[path]);
  });

  it('describes every setting in one line', () => {
    const undocumented = entries()
      .filter((entry) => entry.description === null)
      .map((entry) => entry.path);
    expect(undocumented, 'add them to scripts/config-reference/descriptions.ts').toEqual([]);
  });

  it('has no description for a setting that no longer exists', () => {
    const paths = Object.entries(sectionSchemas()).flatMap(([name, schema]) =>
      schemaPaths(schema, [name]),
    );
    const matches = (pattern: string) =>
      paths.some((path) => {
        const a = pattern.split('.');
        const b = path.split('.');
        return a.length === b.length && a.every((part, i) => part === '*' || part === b[i]);
      });
    expect(Object.keys(DESCRIPTIONS).filter((pattern) => !matches(pattern))).toEqual([]);
  });

  it('gives an example for every setting without a default', () => {
    const missing = entries()
      .filter((e) => e.kind === 'leaf' && e.default === undefined && !e.description?.example)
      .map((e) => e.path);
    expect(missing).toEqual([]);
  });
});

describe('examples/scale-review.yml', () => {
  const text = read(OUTPUTS.example);

  it('starts with the line that gives editors the JSON Schema', () => {
    expect(text.split('\n')[0]).toBe(`# yaml-language-server: $schema=../${OUTPUTS.schema}`);
  });

  it('changes nothing as it is: every section parses to its defaults', () => {
    expect(sectionsOf(text, OUTPUTS.example)).toEqual(defaults());
  });

  it('is valid with every setting uncommented, and then still the defaults where there are any', () => {
    // Act: `sources` is the alternative to `source` (one or several), so it stays commented out
    const all = sectionsOf(
      uncommented(text)
        .split('\n')
        .filter((line) => !/^ {2}sources: /.test(line))
        .join('\n'),
      OUTPUTS.example,
    );
    // Assert: only the settings without a default (the examples) differ
    const expected = defaults() as ReturnType<typeof sectionsOf>;
    expect(all.slack).toEqual(expected.slack);
    expect(all.digest).toEqual(expected.digest);
    expect(all.store).toEqual(expected.store);
    expect(all.plan).toEqual(expected.plan);
    expect(all.metrics).toMatchObject({ ...expected.metrics, cloudwatch: expect.any(Object) });
    expect(all.metrics.cloudwatch.region).toBe('us-east-1');
  });

  it('names every setting of the reference', () => {
    const keys = entries()
      .filter((entry) => entry.kind !== 'section')
      .map((entry) => entry.path.split('.').at(-1) ?? '');
    const missing = keys.filter((key) => !new RegExp(`[#(] *${key}:`).test(text));
    expect(missing).toEqual([]);
  });
});

describe('the environment variables', () => {
  it('are exactly the ones the bot and the CLI read, plus the AWS SDK ones', () => {
    const known = [
      ...new Set([
        ...Object.keys(envSchema.shape),
        ...Object.keys(cliEnvSchema.shape),
        ...METRICS_ENV_VARIABLES,
      ]),
    ];
    const documented = ENV_VARS.filter((v) => !v.readBy.includes('aws-sdk')).map((v) => v.name);
    expect([...documented].sort()).toEqual([...known].sort());
  });

  it('say who reads them, as the schemas do', () => {
    const metricsEnv: readonly string[] = METRICS_ENV_VARIABLES;
    for (const v of ENV_VARS.filter((e) => !e.readBy.includes('aws-sdk'))) {
      const both = metricsEnv.includes(v.name);
      expect(v.readBy.includes('bot'), v.name).toBe(both || v.name in envSchema.shape);
      expect(v.readBy.includes('cli'), v.name).toBe(both || v.name in cliEnvSchema.shape);
    }
  });

  it('are all in .env.example', () => {
    const names = [...read(OUTPUTS.env).matchAll(/^(?:# )?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]);
    expect(names).toEqual(ENV_VARS.map((v) => v.name));
  });
});
