/**
 * The only places that write HTTP bodies. Every reply carries the live API's headers:
 * `x-request-id` (set on arrival), `openai-version`, `openai-processing-ms`, and whatever the
 * middleware registered with `beforeReply` (rate-limit counters, organization echo); each reply is
 * noted in the request journal.
 */
import type { Response } from 'express';
import { ApiError } from '../errors';
import { noteFirstByte, noteJsonBody } from './exchange';

export interface ErrorRendering {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** How a dialect turns a canonical error into its wire form. */
export type ErrorRenderer = (error: ApiError) => ErrorRendering;

export const renderOpenAIError: ErrorRenderer = (error) => ({ status: error.status, body: error.toBody(), headers: { ...error.headers } });

/** Registers a function that sets headers just before the reply's headers go out (run in order). */
export function beforeReply(res: Response, setHeaders: () => void): void {
  ((res.locals.beforeReply ??= []) as (() => void)[]).push(setHeaders);
}

/** Final headers of every reply, JSON or SSE; `headers` (e.g. an error's) win over the registered ones. */
export function prepareReply(res: Response, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  for (const setHeaders of (res.locals.beforeReply as (() => void)[] | undefined) ?? []) setHeaders();
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  const started = res.locals.startedAt as number | undefined;
  if (started !== undefined) res.setHeader('openai-processing-ms', String(Math.max(0, Math.round(performance.now() - started))));
  noteFirstByte(res);
}

export function sendJson(res: Response, status: number, body: unknown, headers?: Record<string, string>): void {
  prepareReply(res, headers);
  noteJsonBody(res, body);
  res.status(status).json(body);
}

export function sendError(res: Response, error: ApiError): void {
  const render = (res.locals.renderError as ErrorRenderer | undefined) ?? renderOpenAIError;
  const { status, body, headers } = render(error);
  sendJson(res, status, body, headers);
}
