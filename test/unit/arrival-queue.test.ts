import { ArrivalQueue } from '../../src/core/arrival-queue';

/** A scheduler the test advances by hand: each `turn()` runs what was scheduled before it. */
function manualTurns() {
  let scheduled: (() => void)[] = [];
  return {
    schedule: (next: () => void) => void scheduled.push(next),
    turn() {
      const now = scheduled;
      scheduled = [];
      for (const next of now) next();
    },
    get pending() {
      return scheduled.length;
    },
  };
}

describe('ArrivalQueue', () => {
  test('under its budget a request is answered at once, in the caller', () => {
    const turns = manualTurns();
    const queue = new ArrivalQueue(3, turns.schedule);
    const answered: number[] = [];
    queue.admit(() => answered.push(1));
    queue.admit(() => answered.push(2));
    expect(answered).toEqual([1, 2]);
    expect(queue.waitingCount).toBe(0);
  });

  test('a burst is answered perTurn requests per turn, in arrival order', () => {
    const turns = manualTurns();
    const queue = new ArrivalQueue(4, turns.schedule);
    const answered: number[] = [];
    for (let i = 0; i < 10; i++) queue.admit(() => answered.push(i));
    expect(answered).toEqual([0, 1, 2, 3]);
    expect(queue.waitingCount).toBe(6);
    turns.turn();
    expect(answered).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    turns.turn();
    expect(answered).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(queue.waitingCount).toBe(0);
  });

  test('a request arriving while others wait queues behind them, even with budget left', () => {
    const turns = manualTurns();
    const queue = new ArrivalQueue(2, turns.schedule);
    const answered: string[] = [];
    for (const name of ['a', 'b', 'c']) queue.admit(() => answered.push(name));
    turns.turn(); // answers c; one slot of this turn's budget is left
    queue.admit(() => answered.push('d'));
    expect(answered).toEqual(['a', 'b', 'c', 'd']);
    for (const name of ['e', 'f']) queue.admit(() => answered.push(name));
    expect(answered).toEqual(['a', 'b', 'c', 'd']); // the budget is spent: e and f wait
    turns.turn();
    expect(answered).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });

  test('the budget is renewed each turn, and the turns stop once nothing is left', () => {
    const turns = manualTurns();
    const queue = new ArrivalQueue(1, turns.schedule);
    let n = 0;
    queue.admit(() => n++);
    queue.admit(() => n++);
    expect(n).toBe(1);
    turns.turn();
    expect(n).toBe(2);
    turns.turn();
    turns.turn();
    expect(turns.pending).toBe(0);
    queue.admit(() => n++);
    expect(n).toBe(3);
  });

  test('work admitted by a request being answered waits its turn like any other', () => {
    const turns = manualTurns();
    const queue = new ArrivalQueue(2, turns.schedule);
    const answered: string[] = [];
    queue.admit(() => {
      answered.push('outer');
      queue.admit(() => answered.push('inner'));
    });
    queue.admit(() => answered.push('next'));
    expect(answered).toEqual(['outer', 'inner']);
    turns.turn();
    expect(answered).toEqual(['outer', 'inner', 'next']);
  });

  test('a request that throws does not strand the ones behind it', () => {
    const turns = manualTurns();
    const queue = new ArrivalQueue(1, turns.schedule);
    const answered: number[] = [];
    queue.admit(() => answered.push(0));
    queue.admit(() => {
      throw new Error('boom');
    });
    queue.admit(() => answered.push(2));
    expect(() => turns.turn()).toThrow('boom');
    turns.turn();
    expect(answered).toEqual([0, 2]);
    expect(queue.waitingCount).toBe(0);
  });

  test('the budget must be a positive integer', () => {
    expect(() => new ArrivalQueue(0)).toThrow(RangeError);
    expect(() => new ArrivalQueue(1.5)).toThrow(RangeError);
  });

  test('with the default scheduler (setImmediate) a burst is answered over several turns', async () => {
    const queue = new ArrivalQueue(2);
    const answered: number[] = [];
    for (let i = 0; i < 5; i++) queue.admit(() => answered.push(i));
    expect(answered).toEqual([0, 1]);
    await new Promise((done) => setImmediate(done));
    expect(answered.length).toBeLessThan(5);
    while (queue.waitingCount > 0) await new Promise((done) => setImmediate(done));
    expect(answered).toEqual([0, 1, 2, 3, 4]);
  });
  test('a budget given as a function is asked as the queue goes: a larger one while idle, the smaller once something plays', () => {
    const turns = manualTurns();
    let playing = false;
    const queue = new ArrivalQueue(() => (playing ? 2 : 5), turns.schedule);
    const answered: number[] = [];
    for (let i = 0; i < 12; i++) queue.admit(() => answered.push(i));
    expect(answered).toEqual([0, 1, 2, 3, 4]);
    playing = true;
    turns.turn();
    expect(answered).toEqual([0, 1, 2, 3, 4, 5, 6]);
    playing = false;
    turns.turn();
    expect(answered).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(queue.waitingCount).toBe(0);
  });

  test('a budget function that answers something other than a positive integer is refused when asked', () => {
    const queue = new ArrivalQueue(() => 0, manualTurns().schedule);
    expect(() => queue.admit(() => undefined)).toThrow(RangeError);
  });
});
