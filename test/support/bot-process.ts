import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './bot-harness.js';

export const MAIN = join(import.meta.dirname, '..', '..', 'dist', 'src', 'main.js');

export interface BotProcess {
  child: ChildProcess;
  port: number;
  /** Everything the process wrote (JSON log lines and stderr). */
  output(): string;
  /** Resolves with the exit code or signal. */
  exited: Promise<number | string>;
  kill(signal: NodeJS.Signals): Promise<number | string>;
}

/** Starts the built bot (`npm start`) as a real process in HTTP mode. */
export async function spawnBot(env: NodeJS.ProcessEnv, cwd: string): Promise<BotProcess> {
  if (!existsSync(MAIN)) {
    throw new Error(`${MAIN} is missing: run \`npm run build\` first (\`npm test\` does it)`);
  }
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    cwd,
    env: { PATH: process.env.PATH, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
  return {
    child,
    port,
    output: () => output,
    exited,
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
