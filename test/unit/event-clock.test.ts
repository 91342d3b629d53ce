import { BATCH_BUDGET_MS, EventClock, type ClockHost } from '../../src/state/event-clock';

/** A host whose time moves only when the test says (or when a callback "works" for a while). */
function fakeHost() {
  let now = 0;
  const timers = new Map<number, { at: number; callback: () => void }>();
  const deferred: (() => void)[] = [];
  let next = 1;
  const host: ClockHost = {
    now: () => now,
    setTimer: (callback, ms) => {
      timers.set(next, { at: now + ms, callback });
      return next++;
    },
    clearTimer: (handle) => void timers.delete(handle as number),
    defer: (callback) => void deferred.push(callback),
  };
  return {
    host,
    timers,
    deferred,
    work: (ms: number) => void (now += ms),
    /** Moves time to `at` and fires the timers due by then, in order. */
    advanceTo(at: number) {
      now = at;
      for (const [id, t] of [...timers].sort((a, b) => a[1].at - b[1].at)) {
        if (t.at <= now && timers.has(id)) {
          timers.delete(id);
          t.callback();
        }
      }
    },
    runDeferred() {
      for (const callback of deferred.splice(0)) callback();
    },
  };
}

describe('EventClock: one timer for every generation', () => {
  test('callbacks run when due, in due order, then in the order they were scheduled; one timer at a time', () => {
    const fake = fakeHost();
    const clock = new EventClock(fake.host);
    const ran: string[] = [];
    clock.schedule(30, () => ran.push('c'));
    clock.schedule(10, () => ran.push('a1'));
    clock.schedule(10, () => ran.push('a2'));
    clock.schedule(20, () => ran.push('b'));
    expect(fake.timers.size).toBe(1);
    fake.advanceTo(10);
    expect(ran).toEqual(['a1', 'a2']);
    expect(fake.timers.size).toBe(1);
    fake.advanceTo(30);
    expect(ran).toEqual(['a1', 'a2', 'b', 'c']);
    expect(fake.timers.size).toBe(0);
    expect(clock.pending).toBe(0);
  });

  test('a cancelled callback never runs; when nothing is left, no timer holds the process', () => {
    const fake = fakeHost();
    const clock = new EventClock(fake.host);
    const ran: string[] = [];
    const first = clock.schedule(10, () => ran.push('first'));
    const second = clock.schedule(20, () => ran.push('second'));
    clock.cancel(first);
    expect(clock.pending).toBe(1);
    fake.advanceTo(10);
    expect(ran).toEqual([]);
    expect(fake.timers.size).toBe(1); // re-armed for the second
    clock.cancel(second);
    expect(fake.timers.size).toBe(0);
    fake.advanceTo(100);
    expect(ran).toEqual([]);
  });

  test('what a callback schedules runs at its own time', () => {
    const fake = fakeHost();
    const clock = new EventClock(fake.host);
    const ran: number[] = [];
    const tick = (n: number) => () => {
      ran.push(n);
      if (n < 3) clock.schedule(10, tick(n + 1));
    };
    clock.schedule(10, tick(1));
    fake.advanceTo(10);
    fake.advanceTo(19);
    expect(ran).toEqual([1]);
    fake.advanceTo(20);
    fake.advanceTo(30);
    expect(ran).toEqual([1, 2, 3]);
    expect(fake.timers.size).toBe(0);
  });

  test(`a batch that works for ${BATCH_BUDGET_MS} ms leaves the rest of what is due to the next loop turn, in order`, () => {
    const fake = fakeHost();
    const clock = new EventClock(fake.host);
    const ran: number[] = [];
    for (let i = 0; i < 10; i++) clock.schedule(10, () => {
      ran.push(i);
      fake.work(1); // each callback takes 1 ms
    });
    fake.advanceTo(10);
    expect(ran).toEqual([0, 1, 2, 3, 4]);
    expect(fake.deferred).toHaveLength(1);
    expect(fake.timers.size).toBe(0); // the deferred turn picks up the rest, no timer besides
    fake.runDeferred();
    expect(ran).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(clock.pending).toBe(0);
  });
});
