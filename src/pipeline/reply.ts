/**
 * The only places that write HTTP bodies. Every reply carries the live API's headers:
 * `x-request-id` (set on arrival), the dialect's own (`openai-version`, `openai-processing-ms`;
 * Aitronos: `freddy-*`), and whatever the pipeline's arrival and admission steps registered with `beforeReply` (rate-limit
 * counters, organization echo); each reply is noted in the request journal.
 */
import type { ErrorContext } from '../dialects/dialect';
import { FALLBACK_DIALECT } from '../dialects/registry';
import { ApiError } from '../errors';
import type { ReplyChannel } from './context';
import { noteFirstByte, noteJsonBody } from './journal-notes';

/** Registers a function that sets headers just before the reply's headers go out (run in order). */
export function beforeReply(res: ReplyChannel, setHeaders: () => void): void {
  (res.locals.beforeReply ??= []).push(setHeaders);
}

/** Final headers of every reply, JSON or SSE; `headers` (e.g. an error's) win over the registered ones. */
export function prepareReply(res: ReplyChannel, headers?: Record<string, string>): void {
  if (res.headersSent) return;
  const registered = res.locals.beforeReply;
  if (registered) for (let i = 0; i < registered.length; i++) registered[i]();
  if (headers) for (const name in headers) res.setHeader(name, headers[name]);
  const { startedAt: started, dialect } = res.locals;
  const processingHeader = dialect ? dialect.processingHeader : 'openai-processing-ms';
  if (started !== undefined && processingHeader) res.setHeader(processingHeader, String(Math.max(0, Math.round(performance.now() - started))));
  noteFirstByte(res);
}

/**
 * A JSON reply, serialised once: the same text goes over the wire and into the journal. Written with
 * Node's own `end` (Express's `res.json` would serialise and scan it again; ETags are off anyway).
 */
export function sendJson(res: ReplyChannel, status: number, body: unknown, headers?: Record<string, string>): void {
  prepareReply(res, headers);
  const text = JSON.stringify(body);
  noteJsonBody(res, body, text);
  res.statusCode = status;
  // The live API sends no charset (JSON is UTF-8 by definition, RFC 8259).
  res.setHeader('content-type', 'application/json');
  // Sent as bytes: Node then writes the header and these bytes as they are, where a string body is
  // first joined to the header and the joined string copied flat before it is encoded.
  const bytes = Buffer.from(text);
  res.setHeader('content-length', bytes.length);
  res.end(bytes);
}

export function sendError(res: ReplyChannel, error: ApiError): void {
  const render = (res.locals.dialect ?? FALLBACK_DIALECT).renderError;
  const context: ErrorContext = res.locals.errorContext?.() ?? { requestId: String(res.getHeader('x-request-id') ?? ''), nowMs: 0 };
  const { status, body, headers } = render(error, context);
  sendJson(res, status, body, headers);
}
