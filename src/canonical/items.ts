/**
 * TypeScript views of the conversation items the emulator reads and writes. The JSON Schemas in
 * `schemas/openai/items.json` are the source of truth; test/unit/schema-types.test.ts checks that
 * values of these types validate against them. They are type aliases, not interfaces, so that each is
 * assignable to the loose `GenericItem`.
 */

export type ItemStatus = 'in_progress' | 'completed' | 'incomplete';

export type InputTextPart = {
  type: 'input_text';
  text: string;
};
export type InputImagePart = {
  type: 'input_image';
  image_url?: string | null;
  file_id?: string | null;
  detail?: 'low' | 'high' | 'auto' | 'original' | null;
};
export type InputFilePart = {
  type: 'input_file';
  file_id?: string | null;
  filename?: string | null;
  file_data?: string | null;
  file_url?: string | null;
};
export type InputContentPart = InputTextPart | InputImagePart | InputFilePart;

export type UrlCitation = {
  type: 'url_citation';
  url: string;
  start_index: number;
  end_index: number;
  title: string;
};
export type FileCitation = {
  type: 'file_citation';
  file_id: string;
  filename: string;
  index: number;
};
export type Annotation = UrlCitation | FileCitation | { type: 'container_file_citation' | 'file_path'; [key: string]: unknown };

/** Where an annotation ends in its text: a citation's `end_index`, else a file citation's or file path's `index`, else 0. */
export function annotationEnd(annotation: Annotation | Record<string, unknown>): number {
  const { end_index, index } = annotation as { end_index?: unknown; index?: unknown };
  return Number(end_index ?? index ?? 0);
}

export type TopLogprob = {
  token: string;
  logprob: number;
  bytes: number[];
};
export type Logprob = TopLogprob & {
  top_logprobs: TopLogprob[];
};

export type OutputTextPart = {
  type: 'output_text';
  text: string;
  annotations: Annotation[];
  logprobs: Logprob[];
};
export type RefusalPart = {
  type: 'refusal';
  refusal: string;
};
export type AssistantContentPart = OutputTextPart | RefusalPart;

/** A user/system/developer message as stored (content always a list, id always set). */
export type InputMessageItem = {
  type: 'message';
  id: string;
  role: 'user' | 'system' | 'developer';
  content: InputContentPart[];
  status: ItemStatus;
};

export type OutputMessageItem = {
  type: 'message';
  id: string;
  role: 'assistant';
  status: ItemStatus;
  content: AssistantContentPart[];
  phase?: 'commentary' | 'final_answer' | null;
};

export type FunctionCallItem = {
  type: 'function_call';
  id: string;
  call_id: string;
  name: string;
  arguments: string;
  status: ItemStatus;
  namespace?: string;
};

export type FunctionCallOutputItem = {
  type: 'function_call_output';
  id: string;
  call_id: string;
  output: string | InputContentPart[];
  status: ItemStatus;
};

export type ReasoningItem = {
  type: 'reasoning';
  id: string;
  summary: { type: 'summary_text'; text: string }[];
  content?: { type: 'reasoning_text'; text: string }[];
  encrypted_content?: string | null;
  status?: ItemStatus;
};

/** Any item, in the loose form a client may send or the API may store. */
export type GenericItem = {
  type: string;
  id?: string;
  [key: string]: unknown;
};

export type StoredItem = InputMessageItem | OutputMessageItem | FunctionCallItem | FunctionCallOutputItem | ReasoningItem | GenericItem;
