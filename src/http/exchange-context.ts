/**
 * What the HTTP middleware decides about one exchange, for the routes and `send` to read: typed
 * `res.locals` (Express's own `Locals` interface, augmented). Chosen over a separate context object
 * (a WeakMap<Request, …> or a class on one key) because it costs nothing per request — no extra
 * allocation or lookup on the hot path — while every key is now typed and no reader casts. Each key
 * is optional: the admin pages, and routers mounted without the API middleware, set none of them.
 */
import type { Dialect, ErrorContext } from '../dialects/dialect';
import type { Fault } from '../faults/faults';
import type { ExchangeLog } from '../journal/exchange-log';

export interface ExchangeContext {
  /** `performance.now()` on arrival: the processing-time header counts from here. */
  startedAt?: number;
  /** The dialect answering (chosen by path, before anything else can fail). */
  dialect?: Dialect;
  /** What the dialect's errors may quote: the request id and the emulator's clock. */
  errorContext?: () => ErrorContext;
  /** Headers set just before the reply's headers go out, in order (rate-limit counters, organization echo). */
  beforeReply?: (() => void)[];
  /** The request journal's record of this exchange (absent when not journaled). */
  exchange?: ExchangeLog;
  /** The key the request authenticated with (`anonymous` without one). */
  apiKey?: string;
  /** The rate-limit budget charged for this request. */
  rateLimitKey?: string;
  /** A stream fault for the route to shape its stream with. */
  fault?: Fault;
}

declare module 'express-serve-static-core' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Locals extends ExchangeContext {}
}
