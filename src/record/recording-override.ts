/**
 * The recording proxy (`--record`, src/record/recording-proxy.ts) in the API pipeline, as an override
 * of its routing (src/pipeline/handle.ts) standing where the fallback (OpenAI) dialect's table is:
 * `POST /responses` is answered from the upstream and recorded — always (`--record-mode all`), or when
 * no fixture answers it (`missing`) — after the body and admission (rate limit, fault), as the endpoint
 * would be; and, recording everything, every other request that gets as far as that table (not taken
 * by a dialect served under its own prefix or paths, nor by the configured `--dialect`) is relayed as
 * it is, its body read but not admitted. Nothing is overridden before that table.
 */
import type { CanonicalRequest } from '../canonical/request';
import { parseCreateResponse } from '../dialects/openai/parse-request';
import { OPENAI_RENDERING } from '../dialects/openai/rendering';
import type { RecordingServices, RequestParsing, ResponseCreation, ResponseDelivery } from '../core/services';
import { FixtureMiss } from '../fixtures/replay';
import type { Override, Overrides } from '../pipeline/handle';
import { unknownParamsPolicy } from '../pipeline/journal-notes';
import { requestOptions } from '../pipeline/request-options';
import { sendCreated } from '../pipeline/send-created';
import { RecordingProxy } from './recording-proxy';

/** The path recording everything leaves to the create route (`/v1` matched as a mount is, in any case). */
const CREATE_PATH = /^(?:\/[vV]1)?\/responses$/;

/** What recording calls: the proxy's services, and the create endpoint's (parse, create, send). */
export type RecorderDeps = RecordingServices & RequestParsing & ResponseCreation & ResponseDelivery;

export function recordingOverride(core: RecorderDeps, upstream: string): Overrides {
  const recorder = new RecordingProxy(core, upstream);
  const mode = core.config.recordMode;
  const record: Override = {
    admitted: true,
    answer: async (req, res) => {
      const options = requestOptions(req, res.locals);
      let request: CanonicalRequest | null = null;
      try {
        request = parseCreateResponse(core.schemas, req.body, unknownParamsPolicy(core, res));
      } catch (err) {
        if (mode === 'missing') throw err; // replaying: answered here, as always
      }
      if (mode === 'all' || !request) return recorder.record(req, res, request, options);
      try {
        return sendCreated(res, core, request, core.createResponse(request, { ...options, requireFixture: true }), OPENAI_RENDERING);
      } catch (err) {
        if (!(err instanceof FixtureMiss)) throw err;
        return recorder.record(req, res, request, options);
      }
    },
  };
  const relay: Override = { admitted: false, answer: (req, res) => recorder.relay(req, res) };
  return (req, routing) => {
    if (!routing.reachedFallback) return null;
    if (mode === 'all' && !(req.method === 'POST' && CREATE_PATH.test(req.path))) return relay;
    const creates = routing.kind === 'endpoint' && routing.endpoint.method === 'post' && routing.endpoint.path === '/responses';
    return creates ? record : null;
  };
}
