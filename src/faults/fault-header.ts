/**
 * The per-request fault header, `x-emulator-fault: <kind>[;key=value…]`. Stream faults stop a
 * stream after N events (`after`, default 3):
 *   stream_error   an `error` event, then the connection closes
 *   stream_failed  a `response.failed` terminal event
 *   stream_cut     the connection closes with no terminal event
 * An unknown kind or key is a 400, never silently ignored.
 */
import { invalidRequest } from '../errors';
import type { RequestOptions } from '../emulator';

export const FAULT_HEADER = 'x-emulator-fault';

const STREAM_FAULTS = { stream_error: 'error', stream_failed: 'failed', stream_cut: 'cut' } as const;

export function parseFaultHeader(value: string): Pick<RequestOptions, 'interruption'> {
  const [kindPart, ...params] = value.split(';').map((p) => p.trim());
  const kind = kindPart as keyof typeof STREAM_FAULTS;
  if (!(kind in STREAM_FAULTS)) {
    throw invalidRequest(
      `Invalid '${FAULT_HEADER}' header: unknown fault '${kindPart}'. Supported faults are: ${Object.keys(STREAM_FAULTS).join(', ')}.`,
      FAULT_HEADER,
      'invalid_value',
    );
  }
  let after = 3;
  let message: string | undefined;
  for (const param of params) {
    if (param === '') continue;
    const [key, raw = ''] = param.split('=').map((p) => p.trim());
    if (key === 'after' && /^\d{1,6}$/.test(raw)) after = Number(raw);
    else if (key === 'message' && raw.length > 0 && raw.length <= 500) message = raw;
    else throw invalidRequest(`Invalid '${FAULT_HEADER}' header: bad parameter '${param}' (expected after=<events> or message=<text>).`, FAULT_HEADER, 'invalid_value');
  }
  return { interruption: { kind: STREAM_FAULTS[kind], after, ...(message ? { message } : {}) } };
}
