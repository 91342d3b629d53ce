/**
 * Generation that fails on a client's schema or grammar (no value satisfies it, or it is beyond the
 * generator's bounds, or the faker gives up on it) is the client's mistake, not the server's: a 400
 * in the API's words, naming the field (`tools[0].parameters`, `tools[1].format.definition`,
 * `text.format.schema`). Request checks catch most of these up front; this catches what only shows
 * when a value is actually generated (an unsatisfiable schema such as `{"not": {}}` inside an `anyOf`).
 */
import type { CanonicalRequest, Tool } from '../canonical/request';
import { ApiError, invalidRequest } from '../errors';
import { InvalidUserSchema } from './user-schemas';

/** Runs `make`; any failure other than an ApiError becomes a 400 blaming the tool's schema or grammar. */
export function generatingForTool<T>(request: CanonicalRequest, tool: Tool, make: () => T): T {
  const path = toolPath(request.tools, tool) ?? 'tools';
  const name = String(tool.name);
  return tool.type === 'custom'
    ? generating(make, `Invalid grammar for custom tool '${name}'`, `${path}.format.definition`, 'invalid_grammar')
    : generating(make, `Invalid schema for function '${name}'`, `${path}.parameters`, 'invalid_function_parameters');
}

/** Runs `make` for the structured output of `text.format`. */
export function generatingForFormat<T>(request: CanonicalRequest, make: () => T): T {
  return generating(make, `Invalid schema for response_format '${String(request.text.format.name)}'`, 'text.format.schema', 'invalid_json_schema');
}

function generating<T>(make: () => T, prefix: string, param: string, code: string): T {
  try {
    return make();
  } catch (err) {
    if (err instanceof ApiError) throw err;
    if (err instanceof InvalidUserSchema && err.whole) throw invalidRequest(err.message, param, code);
    throw invalidRequest(`${prefix}: ${reasonOf(err)}.`, param, code);
  }
}

function reasonOf(err: unknown): string {
  // A stack overflow or an allocation failure inside the faker or validator: the input was too big for it.
  if (err instanceof RangeError) return 'it is too deeply nested or too large to generate a value for';
  return (err instanceof Error ? err.message : String(err)).replace(/\.$/, '');
}

/** `tools[2]` or `tools[0].tools[1]` (a namespace's tool). */
function toolPath(tools: readonly Tool[], tool: Tool, prefix = 'tools'): string | null {
  for (let i = 0; i < tools.length; i++) {
    if (tools[i] === tool) return `${prefix}[${i}]`;
    const inner = tools[i].type === 'namespace' && Array.isArray(tools[i].tools) ? toolPath(tools[i].tools as Tool[], tool, `${prefix}[${i}].tools`) : null;
    if (inner) return inner;
  }
  return null;
}
