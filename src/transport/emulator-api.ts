/**
 * The API pipeline of one emulator (src/pipeline/handle.ts), built once — its route tables read off
 * the dialect registry, and the recording proxy when recording (one per emulator: it numbers the
 * session's repeated recordings) — and shared by both transports that answer API requests: the
 * Express app's adapter (src/http/api-adapter.ts) and the in-process fetch.
 */
import { isRecording } from '../config';
import type { Emulator } from '../emulator';
import { apiHandler, type ApiHandler } from '../pipeline/handle';
import { recordingOverride } from '../record/recording-override';

const handlers = new WeakMap<Emulator, ApiHandler>();

export function emulatorApi(emulator: Emulator): ApiHandler {
  let handler = handlers.get(emulator);
  if (!handler) {
    const { config } = emulator;
    handler = apiHandler(emulator, isRecording(config) ? recordingOverride(emulator, config.upstream!) : null);
    handlers.set(emulator, handler);
  }
  return handler;
}
