/**
 * Object ids in the real API's formats, drawn from a seeded stream so they are reproducible.
 * Response-scoped ids (`resp_`, `msg_`, `fc_`…) are the prefix plus 48 hex characters, like the
 * live API; `call_` ids use 24 base62 characters, as the live API does.
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

export class IdFactory {
  constructor(private readonly rng: Rng) {}

  next(kind: IdKind): string {
    return ID_PREFIX[kind] + this.rng.hex(48);
  }

  callId(): string {
    return 'call_' + this.rng.chars(24, BASE62);
  }
}

/** `req_` + 32 hex characters, the live API's request-id format. */
export function requestId(rng: Rng): string {
  return 'req_' + rng.hex(32);
}
