import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';

/** What the figures were measured on (the doc prints it next to them). */
export interface Machine {
  nproc: number;
  cpuModel: string;
  memory: string;
  node: string;
  platform: string;
}

function cpuModel(): string {
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    return /^model name\s*:\s*(.+)$/m.exec(info)?.[1]?.trim() ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function freeH(): string {
  try {
    const line = execFileSync('free', ['-h'], { encoding: 'utf8' }).split('\n')[1] ?? '';
    const total = line.trim().split(/\s+/)[1];
    if (total) return `${total} (free -h)`;
  } catch {
    // fall through to os.totalmem
  }
  return `${(totalmem() / 1024 ** 3).toFixed(1)} GiB`;
}

export function describeMachine(): Machine {
  return {
    nproc: availableParallelism(),
    cpuModel: cpuModel(),
    memory: freeH(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}
