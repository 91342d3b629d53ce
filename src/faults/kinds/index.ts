/**
 * Every fault kind, in the order the docs and error messages list them. A new kind: its file in
 * this folder (see descriptor.ts) and its line here.
 */
import { disconnect } from './disconnect';
import { forbidden } from './forbidden';
import { insufficientQuota } from './insufficient-quota';
import { overloaded } from './overloaded';
import { rateLimit } from './rate-limit';
import { serverErrorFault } from './server-error';
import { slow } from './slow';
import { streamCut } from './stream-cut';
import { streamError } from './stream-error';
import { streamFailed } from './stream-failed';
import { timeout } from './timeout';
import { unauthorized } from './unauthorized';

export const FAULT_KIND_DESCRIPTORS = [
  rateLimit,
  insufficientQuota,
  serverErrorFault,
  overloaded,
  unauthorized,
  forbidden,
  timeout,
  disconnect,
  slow,
  streamCut,
  streamError,
  streamFailed,
] as const;

export type FaultKind = (typeof FAULT_KIND_DESCRIPTORS)[number]['name'];
