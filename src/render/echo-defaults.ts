/**
 * Tools and text formats as a Response echoes them. What the API fills in for a tool is the tool
 * kind's (`echo` in src/engine/tools/kinds/<tool>.ts, as recorded in real api.openai.com traffic);
 * the engine's kinds index hands each one down here when it loads (render sits below the engine),
 * which is before any response is rendered (rendering tools before it throws rather than echo them
 * wrongly). A tool type with no echo is echoed as given.
 */
import type { TextFormat, Tool } from '../canonical/request';

const ECHOES = new Map<string, (tool: Tool) => Tool>();

/** How tools of these types are echoed (each type once). */
export function addToolEcho(types: readonly string[], echo: (tool: Tool) => Tool): void {
  for (const type of types) {
    if (ECHOES.has(type)) throw new Error(`tool type ${type} has two echoes`);
    ECHOES.set(type, echo);
  }
}

export function echoTool(tool: Tool): Tool {
  // Rendering before the engine's kinds loaded would quietly echo every tool as given: a wrong answer, not a default.
  if (ECHOES.size === 0) throw new Error('tool echoes are not registered: load src/engine/tools/kinds before rendering a Response with tools');
  const echo = ECHOES.get(tool.type);
  return echo ? echo(tool) : tool;
}

/** `json_schema` formats are echoed with `description: null` when none was given. */
export function echoTextFormat(format: TextFormat): TextFormat | Record<string, unknown> {
  if (format.type !== 'json_schema') return format;
  const { type, description, name, schema, ...rest } = format;
  return { type, description: description ?? null, name, schema, ...rest };
}

/** The given fields among `keys` (for echoes that keep optional fields only when they were sent). */
export function pickGiven(source: Tool, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (source[k] !== undefined) out[k] = source[k];
  return out;
}
