/**
 * Virtual time for code that takes `now` and `sleep` (the digest pacer): sleeps resolve only when
 * the test advances the clock past them, in time order, with a turn of the event loop between.
 */
export function virtualTime() {
  const state = { now: 0 };
  const timers: { at: number; resolve: () => void }[] = [];
  const flush = () => new Promise<void>((resolve) => setImmediate(resolve));
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      timers.push({ at: state.now + ms, resolve });
    });
  /** Runs every sleep due by `end`, then sets the clock to `end`. */
  const advanceTo = async (end: number) => {
    for (;;) {
      await flush();
      timers.sort((a, b) => a.at - b.at);
      const next = timers[0];
      if (!next || next.at > end) break;
      timers.shift();
      state.now = Math.max(state.now, next.at);
      next.resolve();
    }
    state.now = end;
    await flush();
  };
  const advance = (ms: number) => advanceTo(state.now + ms);
  return { state, sleep, advance, advanceTo, now: () => state.now };
}
