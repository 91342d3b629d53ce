/**
 * Express's `res.locals` is the pipeline's exchange context (src/pipeline/context.ts): augmented here,
 * in the transport, so that an Express response is a ReplyChannel as it is.
 */
import type { ExchangeContext } from '../pipeline/context';

declare module 'express-serve-static-core' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Locals extends ExchangeContext {}
}
