import { setImmediate } from 'node:timers/promises';

/**
 * Called right after ack(): lets the event loop read, verify and ack the requests already waiting
 * on their sockets before this one's reply work (store, review, blocks) runs. Without it each reply
 * ran to its first real I/O before the next request was even read, so in a burst of N commands the
 * last ack waited for N-1 replies' work (p50 133 ms at 130 commands/s, docs/benchmarks.md).
 * Replies are not starved: everything queued here runs on this same turn of the loop.
 */
export function afterPendingAcks(): Promise<void> {
  return setImmediate();
}
