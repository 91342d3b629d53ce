/**
 * The canonical request: what every dialect's parser produces and what the engine and the state
 * layer consume. It is the OpenAI request with defaults applied and `input` normalised to a list of
 * items, because OpenAI is the richest of the three dialects; the others map onto it.
 */
import type { GenericItem } from './items';

export type ToolChoice = 'none' | 'auto' | 'required' | { type: string; [key: string]: unknown };

export interface TextFormat {
  type: 'text' | 'json_object' | 'json_schema';
  name?: string;
  schema?: Record<string, unknown>;
  description?: string;
  strict?: boolean | null;
}

export interface Tool {
  type: string;
  name?: string;
  [key: string]: unknown;
}

export interface CanonicalRequest {
  model: string;
  /** Input items in the order given; a string input becomes one user message. Ids are not assigned yet. */
  input: GenericItem[];
  instructions: string | null;
  previous_response_id: string | null;
  conversation: string | null;
  tools: Tool[];
  tool_choice: ToolChoice;
  text: { format: TextFormat; verbosity: 'low' | 'medium' | 'high' };
  reasoning: { effort: string | null; summary: string | null; context?: string | null; mode?: string | null } | null;
  temperature: number;
  top_p: number;
  top_logprobs: number;
  presence_penalty: number;
  frequency_penalty: number;
  max_output_tokens: number | null;
  /** The limit is on visible output only (Aitronos' max_output_synapses); reasoning is counted apart. */
  max_output_excludes_reasoning?: boolean;
  max_tool_calls: number | null;
  parallel_tool_calls: boolean;
  store: boolean;
  stream: boolean;
  include_obfuscation: boolean;
  background: boolean;
  include: string[];
  metadata: Record<string, string>;
  service_tier: string;
  truncation: 'auto' | 'disabled';
  prompt: Record<string, unknown> | null;
  prompt_cache_key: string | null;
  prompt_cache_retention: string | null;
  safety_identifier: string | null;
  /** Deprecated field, echoed only when the client sent it. */
  user: string | undefined;
}
