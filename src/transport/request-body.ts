/**
 * A request's body as text, read the way Express's JSON body parser (body-parser's `json`) reads one,
 * so that its answers stay the API's: the declared charset must be a `utf-*` one (else 415), a
 * `Content-Encoding` of gzip, deflate or br (zstd where Node has it) is decompressed (another is a
 * 415), the limit applies to the decompressed bytes (413), a body that cannot be decompressed is a 400, and
 * after a failure the rest of the request is read off before the answer goes out. Both transports read
 * bodies here (the HTTP adapter from its request stream, the in-process fetch from the bytes it holds);
 * the pipeline parses the JSON (src/pipeline/json-body.ts) when its body step asks for the text.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { Readable, type Transform } from 'node:stream';
import * as zlib from 'node:zlib';
import { parse as parseContentType } from 'content-type';
import getRawBody from 'raw-body';
import { bodyReadError } from '../pipeline/failure';
import type { BodyText } from '../pipeline/handle';

/** What a body-parser error carries that the API's answer reads (src/pipeline/failure.ts `bodyReadError`). */
type ReadFailure = Error & { type?: string };

/**
 * Reads `source` (a request stream, or bytes already received) as the text of a JSON body; `done` gets
 * the API's error for a body that cannot be read.
 */
export function readBodyText(source: Readable | Uint8Array, headers: IncomingHttpHeaders, limitBytes: number, done: BodyText): void {
  const fail = (err: ReadFailure): void => done(bodyReadError(err, limitBytes));
  const charset = parseContentType(headers['content-type'] ?? '').parameters.charset?.toLowerCase() || 'utf-8';
  // JSON is Unicode (RFC 7159 §8.1).
  if (charset.slice(0, 4) !== 'utf-') return fail(unsupportedCharset(charset));
  const coding = (headers['content-encoding'] ?? 'identity').toLowerCase();
  if (coding === 'identity' && charset === 'utf-8') {
    if (!(source instanceof Readable)) {
      // The bytes are here and are the text: nothing to stream.
      if (source.byteLength > limitBytes) return fail(Object.assign(new Error('request entity too large'), { type: 'entity.too.large' }));
      return done(null, utf8Text(Buffer.from(source.buffer, source.byteOffset, source.byteLength)));
    }
    // A request that waited in the arrival queue has usually arrived whole meanwhile.
    const text = arrivedBodyText(source, headers, limitBytes);
    if (text !== null) return done(null, text);
  }
  const input = source instanceof Readable ? source : Readable.from([source]);
  let decompress: Transform | null = null;
  if (coding !== 'identity') {
    decompress = decompressor(coding);
    if (!decompress) return fail(Object.assign(new Error(`unsupported content encoding "${coding}"`), { type: 'encoding.unsupported' }));
    input.pipe(decompress);
  }
  const length = coding === 'identity' ? headers['content-length'] : undefined;
  getRawBody(decompress ?? input, { length, limit: limitBytes, encoding: charset }, (error: ReadFailure | null, text: string) => {
    if (error) {
      // The charset is one iconv-lite does not know.
      const failure = error.type === 'encoding.unsupported' ? unsupportedCharset(charset) : error;
      if (decompress) {
        input.unpipe();
        decompress.destroy();
      }
      return readOff(input, () => fail(failure));
    }
    if (decompress) {
      // Detached, so that bytes after the compressed data raise nothing; the rest is read off.
      input.unpipe(decompress);
      decompress.on('error', () => undefined);
      decompress.destroy();
      input.resume();
    }
    done(null, text);
  });
}

/**
 * The text of a request body that has arrived whole and that nothing has read yet, read in one go from
 * the stream's buffer — what raw-body would answer for it, without its listeners and turns; null when
 * raw-body must read it (still arriving, too large for the limit, already being read, or left).
 * The request then ends as it would have (its 'end' and 'close' follow on the next tick).
 */
function arrivedBodyText(input: Readable, headers: IncomingHttpHeaders, limitBytes: number): string | null {
  // `complete` is an HTTP request's: the parser has taken in the whole message (Content-Length checked).
  if ((input as Readable & { complete?: boolean }).complete !== true) return null;
  if (!input.readable || input.readableFlowing !== null || input.readableDidRead || input.readableEncoding !== null) return null;
  const length = input.readableLength;
  if (length > limitBytes) return null;
  const declared = headers['content-length'];
  if (declared !== undefined && Number(declared) !== length) return null;
  const bytes = input.read() as Buffer | null;
  return bytes === null ? '' : utf8Text(bytes);
}

/** UTF-8 bytes as text, as raw-body decodes them (iconv-lite's UTF-8 decoder, which drops a leading byte-order mark). */
export function utf8Text(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function unsupportedCharset(charset: string): ReadFailure {
  return Object.assign(new Error(`unsupported charset "${charset.toUpperCase()}"`), { type: 'charset.unsupported' });
}

function decompressor(coding: string): Transform | null {
  switch (coding) {
    case 'deflate':
      return zlib.createInflate();
    case 'gzip':
      return zlib.createGunzip();
    case 'br':
      return zlib.createBrotliDecompress();
    case 'zstd':
      return 'createZstdDecompress' in zlib ? (zlib as unknown as { createZstdDecompress(): Transform }).createZstdDecompress() : null;
    default:
      return null;
  }
}

/** Reads the rest of a request, discarding it, then `then` (an answer sent mid-upload could be lost with the connection). */
function readOff(input: Readable, then: () => void): void {
  if (input.readableEnded || input.destroyed) return then();
  let called = false;
  const once = (): void => {
    if (called) return;
    called = true;
    then();
  };
  input.once('end', once);
  input.once('close', once);
  input.resume();
}
