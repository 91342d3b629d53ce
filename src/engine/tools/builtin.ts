/**
 * What the built-in (server-side) tools are emulated with: each (in kinds/) returns the tool's output
 * items as the API shapes them, plus a "finding" that the final answer reports (with citations where
 * the API has them). Sources, files and containers are invented, deterministic and clearly fake
 * (example.* domains). Here: their context and result, and the few text helpers they share.
 */
import type { GenericItem } from '../../canonical/items';
import type { TextBuilder } from '../text-builder';
import type { CallContext } from './calls';

export interface BuiltinContext extends CallContext {
  include: readonly string[];
  /** Items already in the conversation (for MCP tool lists). */
  context: readonly GenericItem[];
}

export interface BuiltinResult {
  items: GenericItem[];
  /** Appends what the tool found to the final answer; absent when the answer must wait (approvals). */
  report?: (b: TextBuilder) => void;
  /** The response stops here for the client (an approval request). */
  awaitsClient?: boolean;
}

export function topicOf(ctx: CallContext): string {
  return ctx.values.topic ?? ctx.values.keywords.slice(0, 3).join(' ') ?? 'the topic';
}

export function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 48) || 'article';
}

export function capitalize(s: string): string {
  return s.length === 0 ? s : s[0].toUpperCase() + s.slice(1);
}

export function titleCase(s: string): string {
  return s.replace(/\b\w/g, (c) => c.toUpperCase());
}
