/**
 * What the prompt offers a grammar's sentence: which alternative it is about ("create a file" picks
 * the `add_hunk` of Codex's apply_patch grammar, since creating is adding), the file path it names,
 * and the text it quotes for the lines. Anything the grammar does not accept is left to randexp.
 */
import type { Rng } from '../../random';
import { composeReply } from '../prose/compose';
import type { PromptValues } from '../prompt-values';
import type { GrammarHints } from './grammar';
import { namedPath } from './named-path';

/** Verbs folded onto one word, so "create" in a prompt meets "Add File" in a grammar. */
const SYNONYMS: Record<string, string> = {
  create: 'add', new: 'add', make: 'add', write: 'add', add: 'add', insert: 'add',
  delete: 'delete', remove: 'delete', erase: 'delete', drop: 'delete',
  update: 'update', edit: 'update', modify: 'update', change: 'update', fix: 'update', replace: 'update',
};

const FILE_RULE = /file|path/;
const TEXT_RULE = /line|text|content|body|message|comment|string|value/;

export function grammarHints(values: PromptValues, rng: Rng): GrammarHints {
  const promptWords = new Set((values.text.toLowerCase().match(/[a-z]{2,}/g) ?? []).map(fold));
  const path = namedPath(values.text);
  const quoted = values.quoted.filter((q) => q !== path && !q.includes('\n'));
  let sentences: string[] | null = null;
  const prose = (): string[] => (sentences ??= composeReply(values.text, 'low', rng.fork('lines')).split(/(?<=[.!?])\s+/).filter(Boolean));
  return {
    score: (words) => words.filter((w) => promptWords.has(fold(w))).length,
    text(rule, occurrence) {
      const name = rule.toLowerCase();
      if (FILE_RULE.test(name)) {
        if (path && occurrence === 0) return { text: path, fromPrompt: true };
        const stem = (values.keywords[0] ?? 'notes').toLowerCase().replace(/[^a-z0-9]+/g, '-');
        return { text: `${stem}${occurrence > 0 ? `-${occurrence + 1}` : ''}.txt`, fromPrompt: false };
      }
      if (TEXT_RULE.test(name)) {
        if (occurrence < quoted.length) return { text: quoted[occurrence], fromPrompt: true };
        const lines = prose();
        return lines.length > 0 ? { text: lines[occurrence % lines.length], fromPrompt: false } : null;
      }
      return null;
    },
  };
}

function fold(word: string): string {
  return SYNONYMS[word] ?? word;
}
