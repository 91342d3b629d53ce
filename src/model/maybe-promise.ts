/**
 * A value now, or later. Steps that may have to ask a shared store (Redis) return a Promise, while
 * their in-memory versions answer at once; `andThen` chains on either without turning a value into a
 * Promise, so the in-memory path stays synchronous (no extra turn of the event loop, same ordering).
 */
export type MaybePromise<T> = T | Promise<T>;

export function isPromise<T>(value: MaybePromise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === 'function';
}

/** `next(value)` now when `value` is here, after it settles otherwise (a rejection passes through). */
export function andThen<T, U>(value: MaybePromise<T>, next: (value: T) => MaybePromise<U>): MaybePromise<U> {
  return isPromise(value) ? value.then(next) : next(value);
}
