/**
 * "Copy as curl": a runnable curl command for a journaled request — its method, URL, body and the
 * headers that change the answer (the test id, the emulator's control headers) — against the server
 * the inspector is served from. Credentials never appear: a request that carried a key (header or
 * query) gets `Authorization: Bearer $OPENAI_API_KEY`, expanded by the shell from the caller's own
 * environment; fields the journal redacted stay `[REDACTED]`. A WebSocket `response.create` frame
 * becomes the equivalent streamed POST.
 */
import { hasCredentialHeader } from '../core/gate/api-keys';
import { isSecretHeader, isSecretQueryParam } from '../redact';
import type { JournalEntry } from './journal';

/** Request headers worth repeating: the ones that select or shape the emulator's answer. */
function kept(name: string, testIdHeader: string): boolean {
  return name === testIdHeader || name.startsWith('x-emulator-') || name === 'openai-beta';
}

/** `baseUrl`: where the emulator is reached (scheme, host and port, no trailing slash). */
export function curlOfExchange(entry: JournalEntry, baseUrl: string, testIdHeader: string): string {
  const headers = entry.request.headers;
  const [path, query = ''] = entry.path.split('?');
  const params = new URLSearchParams(query);
  let credential = hasCredentialHeader(headers);
  for (const name of [...params.keys()]) {
    if (isSecretQueryParam(name)) {
      params.delete(name);
      credential = true;
    }
  }
  let method = entry.method;
  let url = `${baseUrl}${path}`;
  let body = entry.request.body;
  if (method === 'WS') {
    // The frame's fields are a create body; type, stream_id and generate are WebSocket-only.
    const { type: _type, stream_id: _lane, generate: _generate, ...fields } = (body ?? {}) as Record<string, unknown>;
    method = 'POST';
    url = `${baseUrl}/v1/responses`;
    body = { ...fields, stream: true };
    params.delete('model'); // a WebSocket URL may name the model; the body does here
  }
  const search = params.toString();
  const lines = [`curl${isStream(body) ? ' -N' : ''}${method === (body === null ? 'GET' : 'POST') ? '' : ` -X ${method}`} ${quote(search ? `${url}?${search}` : url)}`];
  if (body !== null) lines.push(`-H ${quote('Content-Type: application/json')}`);
  if (credential) lines.push('-H "Authorization: Bearer $OPENAI_API_KEY"');
  for (const [name, value] of Object.entries(headers)) {
    if (kept(name, testIdHeader) && !isSecretHeader(name)) lines.push(`-H ${quote(`${name}: ${value}`)}`);
  }
  if (body !== null) lines.push(`--data-raw ${quote(JSON.stringify(body))}`);
  return `${lines.join(' \\\n  ')}\n`;
}

function isStream(body: unknown): boolean {
  return body !== null && typeof body === 'object' && (body as { stream?: unknown }).stream === true;
}

/** One shell word, single-quoted (a `'` inside becomes `'\''`): nothing in it is expanded. */
function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
