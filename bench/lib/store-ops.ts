import type { CommandStartedEvent, CommandSucceededEvent, MongoClient } from 'mongodb';
import type { Store } from '../../src/store/ports.js';

/**
 * Store operations, counted two ways: the port calls the app makes (`subscriptions.listDue`,
 * `digestRuns.claim`…: the same for either store), and the commands the MongoDB driver sends to
 * the server (`find`, `update`, `insert`…: what the server works through).
 */

export class OpCounts {
  private readonly counts = new Map<string, number>();

  add(name: string, amount = 1): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + amount);
  }

  total(): number {
    let sum = 0;
    for (const n of this.counts.values()) sum += n;
    return sum;
  }

  /** By name, largest first. */
  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counts].sort((a, b) => b[1] - a[1]));
  }

  reset(): void {
    this.counts.clear();
  }
}

function countingPort<T extends object>(name: string, port: T, counts: OpCounts): T {
  return new Proxy(port, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof prop !== 'string' || typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        counts.add(`${name}.${prop}`);
        return Reflect.apply(value, target, args);
      };
    },
  });
}

/** The store, with every call of one of its ports counted in `counts` (`port.method`). */
export function countingStore(store: Store, counts: OpCounts): Store {
  const ports = new Map<string, object>();
  return new Proxy(store, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof prop !== 'string') return value;
      if (typeof value === 'function') return value.bind(target);
      if (typeof value !== 'object' || value === null) return value;
      let port = ports.get(prop);
      if (port === undefined) {
        port = countingPort(prop, value, counts);
        ports.set(prop, port);
      }
      return port;
    },
  });
}

/**
 * The driver's client options that make it report every command (`monitorCommands`), on top of
 * the store's own. The MongoDB adapter passes its `client` options to the MongoClient as given.
 */
export function monitoredClientOptions<T extends object>(
  options: T,
): T & { monitorCommands: true } {
  return { ...options, monitorCommands: true };
}

/** The collection a command works on (`find: "digestRuns"`), or '' for a database command. */
function collectionOf(event: CommandStartedEvent): string {
  const target: unknown = event.command[event.commandName];
  return typeof target === 'string' ? target : '';
}

/**
 * Counts every command the client sends in `counts` (by `command collection`), and the
 * milliseconds until each answered (the server's time plus the wire) in `ms`.
 */
export function countCommands(client: MongoClient, counts: OpCounts, ms: OpCounts): void {
  const names = new Map<number, string>();
  client.on('commandStarted', (event: CommandStartedEvent) => {
    const name = `${event.commandName} ${collectionOf(event)}`.trim();
    names.set(event.requestId, name);
    counts.add(name);
  });
  client.on('commandSucceeded', (event: CommandSucceededEvent) => {
    const name = names.get(event.requestId);
    names.delete(event.requestId);
    if (name !== undefined) ms.add(name, event.duration);
  });
  client.on('commandFailed', (event) => names.delete(event.requestId));
}
