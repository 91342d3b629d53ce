/**
 * The only places that write HTTP bodies. Every reply carries the live API's headers:
 * `x-request-id` (set on arrival), `openai-version` and `openai-processing-ms`.
 */
import type { Response } from 'express';
import { ApiError } from '../errors';

export interface ErrorRendering {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** How a dialect turns a canonical error into its wire form. */
export type ErrorRenderer = (error: ApiError) => ErrorRendering;

export const renderOpenAIError: ErrorRenderer = (error) => ({ status: error.status, body: error.toBody(), headers: { ...error.headers } });

export function markProcessingTime(res: Response): void {
  const started = res.locals.startedAt as number | undefined;
  if (started !== undefined && !res.headersSent) {
    res.setHeader('openai-processing-ms', String(Math.max(0, Math.round(performance.now() - started))));
  }
}

export function sendJson(res: Response, status: number, body: unknown): void {
  markProcessingTime(res);
  res.status(status).json(body);
}

export function sendError(res: Response, error: ApiError): void {
  const render = (res.locals.renderError as ErrorRenderer | undefined) ?? renderOpenAIError;
  const { status, body, headers } = render(error);
  for (const [name, value] of Object.entries(headers ?? {})) res.setHeader(name, value);
  sendJson(res, status, body);
}
