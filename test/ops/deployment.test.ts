import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { envSchema, parseBotEnv } from '../../src/config/bot-env.js';
import { cliEnvSchema } from '../../src/config/env.js';
import { SUGGESTED_HEALTH_PORT } from '../../src/config/ops-env.js';
import { LIVENESS_PATH } from '../../src/ops/health.js';
import { type BotHarness, freePort, startBotHarness } from '../support/bot-harness.js';
import { PROCESS_DEADLINE_MS } from '../support/wait.js';

/**
 * No Docker engine runs where the tests run (and the base images are out of reach), so the
 * Dockerfile and compose.yml are held to the code here: the HEALTHCHECK is run against the real
 * bot, every variable they set is one the config reads, the ports are the config's.
 */

const ROOT = join(import.meta.dirname, '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

interface Instruction {
  keyword: string;
  args: string;
}

/** The Dockerfile's instructions, continuation lines joined, comments dropped. */
function instructions(text: string): Instruction[] {
  const joined = text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n')
    .replace(/\\\n\s*/g, '');
  return joined
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const [keyword = ''] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: line.slice(keyword.length).trim() };
    });
}

const dockerfile = instructions(read('Dockerfile'));
const finalStage = dockerfile.slice(dockerfile.findLastIndex((i) => i.keyword === 'FROM'));
const all = (keyword: string, stage = dockerfile) =>
  stage.filter((i) => i.keyword === keyword).map((i) => i.args);

/** `ENV A=1 B=2` -> { A: '1', B: '2' } over every ENV of the final stage. */
function dockerEnv(): Record<string, string> {
  return Object.fromEntries(
    all('ENV', finalStage).flatMap((args) =>
      [...args.matchAll(/(\w+)=("[^"]*"|\S+)/g)].map((m) => [m[1], (m[2] ?? '').replace(/"/g, '')]),
    ),
  );
}

const knownVariables = new Set([
  ...Object.keys(envSchema.shape),
  ...Object.keys(cliEnvSchema.shape),
]);
const defaultPort = () => {
  const env = parseBotEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' });
  return env.mode.kind === 'http' ? env.mode.port : null;
};

describe('Dockerfile', () => {
  it('is multi-stage, from the official Node.js LTS image of .nvmrc', () => {
    const nodeVersion = all('ARG')
      .map((a) => /^NODE_VERSION=(\d+)$/.exec(a)?.[1])
      .find(Boolean);
    const froms = all('FROM');
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const from of froms) expect(from).toMatch(/^node:\$\{NODE_VERSION\}-bookworm(-slim)?\b/);
    expect(nodeVersion).toBe(read('.nvmrc').trim());
    expect(Number(nodeVersion) % 2).toBe(0); // even majors are the LTS lines
  });

  it('installs only the production dependencies in the final stage, and runs the bot with node (not npm) as a non-root user', () => {
    const start: string = JSON.parse(read('package.json')).scripts.start;
    const [cmd = ''] = all('CMD', finalStage);
    expect(all('RUN', finalStage).some((run) => run.includes('npm ci --omit=dev'))).toBe(true);
    expect(all('USER', finalStage)).toEqual(['node']);
    // Exec form, node itself: what `npm start` execs, without npm in between.
    expect(JSON.parse(cmd)).toEqual(['node', 'dist/src/main.js']);
    expect(start).toBe(`exec ${JSON.parse(cmd).join(' ')}`);
  });

  it('keeps DATA_DIR in a volume', () => {
    expect(all('VOLUME', finalStage)).toEqual([`["${dockerEnv().DATA_DIR}"]`]);
  });

  it('sets only variables the config reads', () => {
    const unknown = Object.keys(dockerEnv()).filter((name) => !knownVariables.has(name));
    expect(unknown).toEqual([]);
  });

  it("exposes PORT's default and HEALTH_PORT", () => {
    const exposed = all('EXPOSE', finalStage).flatMap((a) => a.split(/\s+/).map(Number));
    expect(exposed).toEqual([defaultPort(), Number(dockerEnv().HEALTH_PORT)]);
    expect(Number(dockerEnv().HEALTH_PORT)).toBe(SUGGESTED_HEALTH_PORT);
  });

  describe('HEALTHCHECK', () => {
    const healthcheck = all('HEALTHCHECK', finalStage)[0] ?? '';
    const command = JSON.parse(
      healthcheck.slice(healthcheck.indexOf('CMD') + 3).trim(),
    ) as string[];
    let h: BotHarness;
    beforeAll(async () => {
      h = await startBotHarness({ socket: true, health: true });
    });
    afterAll(async () => {
      await h?.close();
    });

    /** Runs the HEALTHCHECK command as Docker would (asynchronously: the bot runs in this process). */
    const run = (healthPort: string) =>
      new Promise<number | null>((resolve, reject) => {
        const binary = command[0] === 'node' ? process.execPath : (command[0] ?? '');
        const child = spawn(binary, command.slice(1), {
          env: { PATH: process.env.PATH ?? '', HEALTH_PORT: healthPort },
          stdio: 'ignore',
          timeout: PROCESS_DEADLINE_MS,
        });
        child.once('error', reject);
        child.once('exit', (code) => resolve(code));
      });

    it('probes the liveness route', () => {
      expect(command[0]).toBe('node');
      expect(healthcheck).toContain(`'${LIVENESS_PATH}'`);
    });

    it('passes against the running bot (Socket Mode: the internal port is its only endpoint)', async () => {
      const port = new URL(h.healthUrl ?? '').port;
      expect(await run(port)).toBe(0);
    });

    it('fails when nothing answers', async () => {
      expect(await run(String(await freePort()))).toBe(1);
    });
  });
});

describe('compose.yml', () => {
  const compose = parse(read('compose.yml')) as {
    services: Record<
      string,
      {
        command?: string[];
        environment?: Record<string, string>;
        ports?: string[];
        build?: string;
        profiles?: string[];
      }
    >;
  };
  const bots = Object.entries(compose.services).filter(([, s]) => s.build === '.');

  it('runs MongoDB as a one-node replica set, initiated by its health check', () => {
    const mongo = compose.services.mongo;
    expect(mongo?.command).toEqual(expect.arrayContaining(['--replSet', 'rs0']));
    expect(read('compose.yml')).toContain("rs.initiate({ _id: 'rs0'");
  });

  it('wires MONGODB_URL to that replica set in every bot service', () => {
    expect(bots.map(([name]) => name)).toEqual(['bot', 'bot-http']);
    for (const [name, service] of bots) {
      expect(service.environment?.MONGODB_URL, name).toBe(
        'mongodb://mongo:27017/scale_review?replicaSet=rs0',
      );
    }
  });

  it('sets only variables the config reads', () => {
    for (const [name, service] of bots) {
      const unknown = Object.keys(service.environment ?? {}).filter((v) => !knownVariables.has(v));
      expect(unknown, name).toEqual([]);
    }
  });

  it('the README says which manifest goes with the HTTP-mode profile, and how to start it alone', () => {
    const section = read('README.md').split('### Running in a container')[1]?.split('\n## ')[0];
    const bullets = (section ?? '').split('\n- ').slice(1);
    const [httpService] = bots.find(([, s]) => s.profiles?.includes('http')) ?? [];
    const httpBullet = bullets.find((b) => b.includes('`http` profile'));
    const socketBullet = bullets.find((b) => b.includes('default `bot` service'));
    expect(httpBullet).toContain('**HTTP mode**');
    expect(httpBullet).toContain('[`manifest.http.yml`](manifest.http.yml)');
    expect(httpBullet?.replace(/\s+/g, ' ')).toContain(
      `docker compose --profile http up -d mongo ${httpService}`,
    );
    expect(socketBullet).toContain('**Socket Mode**');
    expect(socketBullet).toContain('[`manifest.yml`](manifest.yml)');
  });

  it("maps the containers' ports: PORT's default in HTTP mode, HEALTH_PORT on the host's loopback", () => {
    const [, socket] = bots[0] ?? [];
    const [, http] = bots[1] ?? [];
    expect(socket?.ports).toEqual([`127.0.0.1:${SUGGESTED_HEALTH_PORT}:${SUGGESTED_HEALTH_PORT}`]);
    expect(http?.environment?.PORT).toBe(String(defaultPort()));
    expect(http?.ports?.[0]).toMatch(new RegExp(`:${defaultPort()}$`));
    expect(http?.environment?.SLACK_APP_TOKEN).toBe('');
  });
});

describe('.dockerignore', () => {
  it('keeps local secrets, state and builds out of the image context', () => {
    const ignored = read('.dockerignore').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['.env', 'node_modules', 'dist', 'data']));
  });
});
