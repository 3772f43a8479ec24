import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogDestination } from '../../src/bootstrap/log-destination.js';

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(code), { code });
}

/** A write syscall that follows a script: a number of bytes to accept, or an error code. */
function scripted(script: (number | string)[]) {
  const written: string[] = [];
  let calls = 0;
  const write = (_fd: number, data: Buffer) => {
    calls += 1;
    const step = script.shift() ?? data.length;
    if (typeof step === 'string') throw errno(step);
    const n = Math.min(step, data.length);
    written.push(data.subarray(0, n).toString());
    return n;
  };
  return { write, written, calls: () => calls };
}

describe('createLogDestination', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('writes each line at once when the reader keeps up', () => {
    const fd = scripted([]);
    const destination = createLogDestination({ write: fd.write });
    destination.write('a\n');
    destination.write('b\n');
    expect(fd.written.join('')).toBe('a\nb\n');
  });

  it('keeps what a slow reader (EAGAIN, a partial write) has not taken, in order, and never blocks', async () => {
    // Arrange: 2 bytes of the first line, then EAGAIN, then everything
    const fd = scripted([2, 'EAGAIN']);
    const destination = createLogDestination({ write: fd.write });
    // Act
    destination.write('first\n');
    destination.write('second\n');
    const before = fd.written.join('');
    await vi.advanceTimersByTimeAsync(100);
    // Assert
    expect(before).toBe('fi');
    expect(fd.written.join('')).toBe('first\nsecond\n');
    expect(destination.dropped).toBe(0);
  });

  it('drops lines past the backlog bound, counts them, and says so when writes resume', async () => {
    const fd = scripted(['EAGAIN']);
    const destination = createLogDestination({ write: fd.write, maxBacklogBytes: 10 });
    destination.write('12345678\n');
    destination.write('dropped\n');
    destination.write('dropped\n');
    expect(destination.dropped).toBe(2);
    await vi.advanceTimersByTimeAsync(100);
    const out = fd.written.join('');
    expect(out.startsWith('12345678\n')).toBe(true);
    expect(JSON.parse(out.split('\n')[1] ?? '')).toMatchObject({ level: 40, dropped: 2 });
  });

  it('breaks for good on EPIPE: one notice, every later line dropped, flush returns at once', async () => {
    const fd = scripted(['EPIPE']);
    const notices: string[] = [];
    const destination = createLogDestination({
      write: fd.write,
      onBroken: (error) => notices.push(String(error.code)),
    });
    destination.write('lost\n');
    destination.write('lost too\n');
    await destination.flush(1_000);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(notices).toEqual(['EPIPE']);
    expect(destination.broken).toBe(true);
    expect(destination.dropped).toBe(2);
    expect(fd.calls()).toBe(1);
  });

  it('flush() gives up after its timeout when the reader never takes more', async () => {
    const fd = scripted(Array.from({ length: 1_000 }, () => 'EAGAIN'));
    const destination = createLogDestination({ write: fd.write });
    destination.write('stuck\n');
    const flushed = destination.flush(200);
    await vi.advanceTimersByTimeAsync(250);
    await expect(flushed).resolves.toBeUndefined();
    expect(fd.written).toEqual([]);
  });
});
