/**
 * The pipeline's reply channel (src/pipeline/context.ts) over Node's `ServerResponse`, for the HTTP
 * transport (src/http/api-adapter.ts). The reply's headers are gathered here, validated as Node
 * validates them, and handed to Node in one `writeHead(status, [name, value, …])` when the reply
 * starts (its first write, its end, a stream's `flushHeaders`).
 *
 * Why not Node's own `setHeader`: it keeps every header as a `[name, value]` pair in a
 * dictionary-mode object, which a reply's dozen headers (request id, the API's, rate limits,
 * processing time, type, length) pay for on every exchange, and the journal then read them back one
 * by one. Given all at once to a reply that has none set, Node writes them straight from the list
 * (its documented fast path), and the journal keeps that same list. What goes on the wire is the
 * same: names as given, in the order first set (a name set again keeps its place, with the new
 * spelling and value, as Node does), then what Node adds itself (`Date`, `Connection`…).
 */
import { validateHeaderName, validateHeaderValue, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import type { ExchangeContext, ReplyChannel } from '../pipeline/context';

type HeaderValue = string | number | readonly string[];

export class NodeReply implements ReplyChannel {
  locals: ExchangeContext = {};
  statusCode = 200;
  /** The headers as `writeHead` takes them — name as given (what the wire shows), value, name, value… */
  private readonly list: unknown[] = [];
  /** …and each one's lower-cased name, the i-th for the pair at 2i. */
  private readonly keys: string[] = [];
  /** Whether the reply has started: the list has gone to Node (and never changes again). */
  private started = false;
  /** Whether `content-length` is among them (a JSON reply's, always). */
  private hasLength = false;

  constructor(private readonly res: ServerResponse) {}

  /** Whether the reply has started: only this channel starts it (the pipeline writes through nothing else). */
  get headersSent(): boolean {
    return this.started;
  }

  get destroyed(): boolean {
    return this.res.destroyed;
  }

  get socket(): ServerResponse['socket'] {
    return this.res.socket;
  }

  setHeader(name: string, value: HeaderValue): this {
    // Once the reply has started, Node's own refusal (ERR_HTTP_HEADERS_SENT).
    if (this.started) {
      this.res.setHeader(name, value);
      return this;
    }
    validateHeaderName(name);
    validateHeaderValue(name, value as string); // any value, as setHeader takes (the types say string)
    const key = name.toLowerCase();
    if (key === 'content-length') this.hasLength = true;
    const at = this.keys.indexOf(key);
    if (at < 0) {
      this.keys.push(key);
      this.list.push(name, value);
    } else {
      this.list[2 * at] = name;
      this.list[2 * at + 1] = value;
    }
    return this;
  }

  getHeader(name: string): string | number | string[] | undefined {
    const at = this.keys.indexOf(name.toLowerCase());
    return at < 0 ? undefined : (this.list[2 * at + 1] as string | number | string[]);
  }

  getHeaderNames(): string[] {
    return this.keys.slice();
  }

  getHeaders(): OutgoingHttpHeaders {
    const out: OutgoingHttpHeaders = {};
    for (let i = 0; i < this.keys.length; i++) out[this.keys[i]] = this.list[2 * i + 1] as string | number | string[];
    return out;
  }

  /** The headers as sent (name as given, value; never changed afterwards), or null before the reply starts. */
  headerList(): readonly unknown[] | null {
    return this.started ? this.list : null;
  }

  flushHeaders(): void {
    this.start();
    this.res.flushHeaders();
  }

  write(chunk: string | Uint8Array): boolean {
    this.start();
    return this.res.write(chunk);
  }

  end(chunk?: string | Uint8Array): this {
    // Without a length of its own, the reply's headers go the way they always went (Node's
    // `setHeader`), so Node adds the length it works out from this end — where and as it always has.
    if (this.hasLength) this.start();
    else this.start(false);
    if (chunk === undefined) this.res.end();
    else this.res.end(chunk);
    return this;
  }

  cork(): void {
    this.res.cork();
  }

  uncork(): void {
    this.res.uncork();
  }

  once(event: 'close', listener: () => void): this {
    this.res.once(event, listener);
    return this;
  }

  on(event: 'close', listener: () => void): this {
    this.res.on(event, listener);
    return this;
  }

  /**
   * The status and the gathered headers to Node, once: written at once with them (`writeHead`), or,
   * `written` false, only handed over (`setHeader` each) for Node to write with what it adds itself.
   */
  private start(written = true): void {
    if (this.started) return;
    this.started = true;
    if (written) return void this.res.writeHead(this.statusCode, this.list as string[]);
    for (let i = 0; i < this.list.length; i += 2) this.res.setHeader(this.list[i] as string, this.list[i + 1] as HeaderValue);
    this.res.statusCode = this.statusCode;
  }
}
