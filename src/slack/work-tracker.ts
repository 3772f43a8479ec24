/**
 * Tracks the work started by listeners (the replies that follow an ack) so that shutdown can wait
 * for it, and tests can wait until every reply has gone out.
 */
export class WorkTracker {
  private readonly inFlight = new Set<Promise<unknown>>();

  /** Runs `work` and remembers it until it settles; the result (or rejection) passes through. */
  track<T>(work: () => Promise<T>): Promise<T> {
    const promise = work();
    this.inFlight.add(promise);
    const forget = () => this.inFlight.delete(promise);
    promise.then(forget, forget);
    return promise;
  }

  get size(): number {
    return this.inFlight.size;
  }

  /** Resolves once nothing is in flight (work started meanwhile is waited for too). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) {
      await Promise.allSettled([...this.inFlight]);
    }
  }

  /** Like idle(), but gives up after `timeoutMs`; true when everything finished. */
  drain(timeoutMs: number): Promise<boolean> {
    return within(this.idle(), timeoutMs);
  }
}

/** True when `work` settles (either way) within `ms`, false when the time runs out first. */
export async function within(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const settled = work.then(
    () => true as const,
    () => true as const,
  );
  try {
    return await Promise.race([settled, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
