/**
 * Object ids in the real API's formats, drawn from a seeded stream so they are reproducible.
 * Response-scoped ids (`resp_`, `msg_`, `fc_`…) are the prefix plus 50 hex characters, as the live
 * API has sent them since September 2025 (48 before); conversation ids (`conv_`) still have 48, and
 * `call_` ids 24 base62 characters — all as recorded in test/traffic/corpus.
 */
import type { Rng } from './random';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export const ID_PREFIX = {
  response: 'resp_',
  message: 'msg_',
  functionCall: 'fc_',
  reasoning: 'rs_',
  webSearch: 'ws_',
  fileSearch: 'fs_',
  codeInterpreter: 'ci_',
  imageGeneration: 'ig_',
  mcpCall: 'mcp_',
  mcpListTools: 'mcpl_',
  mcpApprovalRequest: 'mcpr_',
  customToolCall: 'ctc_',
  computerCall: 'cu_',
  shellCall: 'sh_',
  shellCallOutput: 'sho_',
  localShellCall: 'lsh_',
  applyPatchCall: 'apc_',
  applyPatchCallOutput: 'apco_',
  compaction: 'cmp_',
  conversation: 'conv_',
  thread: 'thread_',
  item: 'item_',
} as const;

export type IdKind = keyof typeof ID_PREFIX;

/** Objects that outlive a response keep the older 48-character form. */
const LONG_LIVED: ReadonlySet<IdKind> = new Set(['conversation', 'thread']);

export class IdFactory {
  constructor(private readonly rng: Rng) {}

  next(kind: IdKind): string {
    return ID_PREFIX[kind] + this.rng.hex(LONG_LIVED.has(kind) ? 48 : 50);
  }

  callId(): string {
    return 'call_' + this.rng.chars(24, BASE62);
  }
}

/** `req_` + 32 hex characters, the live API's request-id format. */
export function requestId(rng: Rng): string {
  return 'req_' + rng.hex(32);
}
