/**
 * The API pipeline of one emulator (src/pipeline/handle.ts), built once — its route tables read off
 * the dialect registry, and the recording proxy when recording (one per emulator: it numbers the
 * session's repeated recordings) — and shared by both transports that answer API requests: the
 * Express app's adapter (src/http/api-adapter.ts) and the in-process fetch.
 */
import { isRecording } from '../config';
import { apiHandler, type ApiDeps, type ApiHandler } from '../pipeline/handle';
import { recordingOverride, type RecorderDeps } from '../record/recording-override';

/** What an emulator's API calls in its core: the pipeline's steps, and the recorder's when recording. */
export type EmulatorApiDeps = ApiDeps & RecorderDeps;

const handlers = new WeakMap<EmulatorApiDeps, ApiHandler>();

export function emulatorApi(core: EmulatorApiDeps): ApiHandler {
  let handler = handlers.get(core);
  if (!handler) {
    const { config } = core;
    handler = apiHandler(core, isRecording(config) ? recordingOverride(core, config.upstream!) : null);
    handlers.set(core, handler);
  }
  return handler;
}
