/**
 * Official schemas as test oracles: everything the emulator emits must validate against them.
 * - OpenAI: ../shared/reference/openai-responses-schemas.json (component name → schema);
 * - Open Responses: ../shared/reference/open-responses-openapi.json (the specification's OpenAPI document).
 * The files are not part of the project; when one is absent, its `describeWith…` suites are skipped.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';

const REFERENCE_DIR = resolve(__dirname, '../../../shared/reference');

/**
 * Where real api.openai.com traffic and the official schema disagree, the emulator follows the
 * traffic. Each exception says where the traffic shows it and maps the real shape onto the one the
 * schema describes, so everything else in the value is still validated.
 */
export interface TrafficException {
  /** The schemas it applies to. */
  schemas: readonly string[];
  applies(value: Record<string, unknown>): boolean;
  toSpec(value: Record<string, unknown>): Record<string, unknown>;
  why: string;
  /** Repository, path and commit of the recording that shows it. */
  source: string;
}

/** A Response with the fields the spec does not let be null, and real traffic sends as null, left out. */
function withoutRealNulls(response: Record<string, unknown>): Record<string, unknown> {
  const out = { ...response };
  for (const key of ['user', 'usage'] as const) if (out[key] === null) delete out[key];
  if (Array.isArray(out.tools)) {
    out.tools = (out.tools as Record<string, unknown>[]).map((tool) => {
      if (tool.type !== 'mcp' || tool.server_description !== null) return tool;
      const { server_description: _none, ...rest } = tool;
      return rest;
    });
  }
  const text = out.text as { format?: Record<string, unknown> } | undefined;
  if (text?.format && text.format.description === null) {
    const { description: _none, ...format } = text.format;
    out.text = { ...text, format };
  }
  return out;
}

function hasRealNulls(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return (
    r.user === null ||
    r.usage === null ||
    (r.text as { format?: { description?: unknown } } | undefined)?.format?.description === null ||
    (Array.isArray(r.tools) && (r.tools as Record<string, unknown>[]).some((t) => t.type === 'mcp' && t.server_description === null))
  );
}

export const OPENAI_TRAFFIC_EXCEPTIONS: readonly TrafficException[] = [
  {
    schemas: ['Response'],
    applies: hasRealNulls,
    toSpec: withoutRealNulls,
    why: 'The spec types `user`, `text.format.description` and an mcp tool\'s `server_description` as strings and `usage` as an object; the live API sends `user: null` on every Response, `usage: null` until the response is finished, and `null` for a description not given.',
    source:
      'pydantic/pydantic-ai tests/models/cassettes/test_openai_responses/test_background_mode_reasoning_vcr.yaml, test_openai_responses_image_generation_with_native_output.yaml and test_openai_responses_model_mcp_server_tool_stream.yaml @ 4fda38988f2939fa6ea9cdefcf120693e10ef491 (and every Response in test/traffic/corpus)',
  },
  {
    schemas: ['ResponseStreamEvent', 'ResponsesServerEvent', 'ResponseCreatedEvent', 'ResponseInProgressEvent', 'ResponseQueuedEvent', 'ResponseCompletedEvent', 'ResponseFailedEvent', 'ResponseIncompleteEvent'],
    applies: (e) => hasRealNulls(e.response),
    toSpec: (e) => ({ ...e, response: withoutRealNulls(e.response as Record<string, unknown>) }),
    why: 'As for Response: `user: null` always, `usage: null` in response.created, response.queued and response.in_progress.',
    source: 'vercel/ai packages/openai/src/responses/__fixtures__/openai-mcp-tool.1.chunks.txt @ ed857f50f112e23930b0c2dd8d532cc8bebbc911 (and every stream in test/traffic/corpus)',
  },
  {
    schemas: ['ResponseStreamEvent', 'ResponsesServerEvent', 'ResponseErrorEvent'],
    applies: (e) => e.type === 'error' && typeof e.error === 'object' && e.error !== null,
    toSpec: ({ error, ...rest }) => {
      // The spec's flat event has the error's code, message and param beside the event's own type.
      const { type: _errorType, ...fields } = error as Record<string, unknown>;
      return { ...rest, ...fields };
    },
    why: 'The spec describes a flat error event; the live API nests the error under `error` (and follows it with response.failed).',
    source: 'vercel/ai packages/openai/src/responses/__fixtures__/openai-error.1.chunks.txt @ ed857f50f112e23930b0c2dd8d532cc8bebbc911',
  },
  {
    schemas: ['ResponseStreamEvent', 'ResponsesServerEvent', 'ResponseOutputItemAddedEvent'],
    applies: (e) =>
      e.type === 'response.output_item.added' &&
      typeof e.item === 'object' &&
      e.item !== null &&
      ['web_search_call', 'image_generation_call'].includes(String((e.item as { type?: unknown }).type)) &&
      Object.keys(e.item).length === 3,
    toSpec: (e) => {
      const item = e.item as Record<string, unknown>;
      return { ...e, item: item.type === 'web_search_call' ? { ...item, action: { type: 'search', query: '' } } : { ...item, result: null } };
    },
    why: 'The spec requires `action` on a web_search_call and `result` on an image_generation_call; the live API announces both as just {id, type, status}.',
    source:
      'vercel/ai packages/openai/src/responses/__fixtures__/openai-web-search-tool.1.chunks.txt and openai-image-generation-tool.1.chunks.txt @ ed857f50f112e23930b0c2dd8d532cc8bebbc911',
  },
  {
    schemas: ['ResponseStreamEvent', 'ResponsesServerEvent', 'ResponseFunctionCallArgumentsDoneEvent'],
    applies: (e) => e.type === 'response.function_call_arguments.done' && !('name' in e),
    toSpec: (e) => ({ ...e, name: 'unnamed' }),
    why: 'The spec requires `name` on response.function_call_arguments.done; the live API does not send it (the item has it).',
    source:
      'pydantic/pydantic-ai tests/models/cassettes/test_openai_responses/test_openai_responses_phase_streamed_on_part_start.yaml @ 4fda38988f2939fa6ea9cdefcf120693e10ef491 (and every stream in test/traffic/corpus)',
  },
];

/** Validates values against the `#/components/schemas/<name>` of one reference document. */
export class SchemaOracle {
  readonly available: boolean;
  private ajv: Ajv2020 | undefined;
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(
    readonly path: string,
    private readonly label: string,
    /** The file's content → an object with `components.schemas`. */
    private readonly toDocument: (file: Record<string, unknown>) => Record<string, unknown>,
    private readonly exceptions: readonly TrafficException[] = [],
  ) {
    this.available = existsSync(path);
  }

  private compile(name: string): ValidateFunction {
    let validate = this.cache.get(name);
    if (validate) return validate;
    if (!this.ajv) {
      this.ajv = new Ajv2020({ strict: false, allErrors: true, allowUnionTypes: true, discriminator: false });
      addFormats(this.ajv);
      this.ajv.addFormat('unixtime', true);
      this.ajv.addFormat('float', true);
      this.ajv.addSchema({ ...this.toDocument(JSON.parse(readFileSync(this.path, 'utf8')) as Record<string, unknown>), $id: `https://oracle.local/${this.label}.json` });
    }
    validate = this.ajv.compile({ $ref: `https://oracle.local/${this.label}.json#/components/schemas/${name}` });
    this.cache.set(name, validate);
    return validate;
  }

  /** Readable errors (empty when valid). */
  errors(name: string, value: unknown): string[] {
    const validate = this.compile(name);
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const exception of this.exceptions) {
        if (exception.schemas.includes(name) && exception.applies(value as Record<string, unknown>)) value = exception.toSpec(value as Record<string, unknown>);
      }
    }
    if (validate(value)) return [];
    return (validate.errors ?? []).slice(0, 8).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  }

  /** A jest assertion with the errors in the failure message. */
  expectValid(name: string, value: unknown): void {
    const errors = this.errors(name, value);
    if (errors.length > 0) throw new Error(`Not a valid ${name} per ${this.label}:\n${errors.join('\n')}\n${JSON.stringify(value).slice(0, 2000)}`);
  }
}

export const openaiOracle = new SchemaOracle(
  process.env.OPENAI_ORACLE_SCHEMAS ?? resolve(REFERENCE_DIR, 'openai-responses-schemas.json'),
  'openai',
  (components) => ({ components: { schemas: components } }),
  OPENAI_TRAFFIC_EXCEPTIONS,
);

export const openResponsesOracle = new SchemaOracle(
  process.env.OPEN_RESPONSES_SPEC ?? resolve(REFERENCE_DIR, 'open-responses-openapi.json'),
  'open-responses',
  (spec) => ({ components: spec.components }),
);

export const ORACLE_PATH = openaiOracle.path;
export const hasOracle = openaiOracle.available;
export const describeWithOracle = hasOracle ? describe : describe.skip;
export const describeWithOpenResponsesSpec = openResponsesOracle.available ? describe : describe.skip;

export function oracleErrors(name: string, value: unknown): string[] {
  return openaiOracle.errors(name, value);
}

export function expectValidAgainstOracle(name: string, value: unknown): void {
  openaiOracle.expectValid(name, value);
}
