/**
 * What one kind of tool means to the model, in one place: the `type`s a request names it by, the
 * words that make it relevant to a prompt, whether the client runs its calls, the items a call
 * makes, and how a Response echoes the tool. One file per kind in kinds/ (the build lists them).
 *
 * The items a call makes are described by their item kinds (id prefix, stream events, stored form),
 * which the layers below read: a tool that brings a new item type declares its kind in its own file
 * (`itemKinds`), and kinds/index.ts hands it, and the tool's `echo`, down to the model and render
 * tables as it loads. The two halves meet only through the item's (or tool's) `type`.
 */
import type { CanonicalRequest, Tool } from '../../canonical/request';
import type { OutputBudget } from '../output-budget';
import type { BuiltinContext, BuiltinResult } from './builtin';
import type { ItemKind } from '../../model/item-kind';
import type { PromptWords } from './relevance';

/** What a call is made with: the synthesis context, the request, and the output budget its text counts against. */
export interface ToolCallContext extends BuiltinContext {
  request: CanonicalRequest;
  budget: OutputBudget;
}

export interface ToolKind {
  /** The name tool_choice and the choice policy know it by (`web_search`). */
  name: string;
  /** The tool `type`s of this kind in a request (`web_search`, `web_search_preview`…). */
  types: readonly string[];
  /** Further names a tool_choice may designate it by (`computer_use`). */
  choiceNames?: readonly string[];
  /** Words that make the tool relevant to a prompt (phrases with a space match as written, words by stem). */
  triggers?: readonly string[];
  /** How strongly the prompt is about this tool, for kinds chosen by name rather than by trigger words (0: not at all). */
  relevance?(tool: Tool, prompt: PromptWords): number;
  /** The client runs the calls: the turn ends with them, and a phased model first says what it is about to do. */
  clientSide(tool: Tool): boolean;
  /** The items one call makes, or null when the tool is not emulated (the model answers in text instead). */
  call(tool: Tool, ctx: ToolCallContext): BuiltinResult | null;
  /**
   * The tool as a Response echoes it, with the defaults the live API fills in (as recorded in real
   * traffic); absent: echoed as given. Render echoes through it (the kinds index hands it down).
   */
  echo?(tool: Tool): Tool;
  /** Kinds of the new item types its calls are, when they are not in src/model/item-kinds/ (the kinds index hands them down). */
  itemKinds?: readonly ItemKind[];
}

export const CLIENT = (): boolean => true;
export const SERVER = (): boolean => false;
