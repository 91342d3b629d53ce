/**
 * "auto" tool choice with a tool set like Codex CLI's (long descriptions full of ordinary words):
 * only the tools the prompt asks for, and text for requests to summarise or compact the conversation.
 */
import { parseCreateResponse } from '../../src/dialects/openai/parse-request';
import { asksForConversationSummary } from '../../src/engine/compaction';
import { chooseTools } from '../../src/engine/tools/choice';
import { projectSchemas } from '../helpers/project-schemas';

const fn = (name: string, description: string) => ({ type: 'function', name, description, parameters: { type: 'object', properties: {} } });
const TOOLS = [
  fn('exec_command', 'Runs a command in a PTY, returning output or a session ID for ongoing interaction.'),
  fn('spawn_agent', 'Spawn a sub-agent for a well-scoped task. Use it to hand off work, keep track of progress and key decisions, resume the task later, and summarize context for another LLM with clear next steps.'),
  fn('update_goal', 'Update the current goal. Record progress, decisions made, constraints and user preferences, and what remains to be done next.'),
  fn('create_goal', 'Create a goal. Goals capture important context, critical data, examples and references needed to continue the work.'),
  fn('update_plan', 'Updates the task plan. Provide an optional explanation and a list of plan items, each with a step and status.'),
];

const COMPACTION_PROMPT = `You are performing a CONTEXT CHECKPOINT COMPACTION. Create a handoff summary for another LLM that will resume the task.

Include:
- Current progress and key decisions made
- Important context, constraints, or user preferences
- What remains to be done (clear next steps)
- Any critical data, examples, or references needed to continue

Be concise, structured, and focused on helping the next LLM seamlessly continue the work.`;

function chosen(prompt: string, body: Record<string, unknown> = {}): string[] {
  const request = parseCreateResponse(projectSchemas(), { model: 'gpt-4o', input: prompt, tools: TOOLS, ...body });
  return chooseTools({ request, prompt, hasPendingResults: false }).map((t) => String(t.name));
}

describe('auto tool choice stays on what the prompt asks for', () => {
  test("a compaction request is answered in text, however many tools' descriptions share its words", () => {
    expect(chosen(COMPACTION_PROMPT)).toEqual([]);
    // "required" still calls (the client insisted).
    expect(chosen(COMPACTION_PROMPT, { tool_choice: 'required' })).toHaveLength(1);
  });

  test('a tool named outright is the only one called', () => {
    expect(chosen('Use exec_command to run `echo hello` and keep track of progress and key decisions')).toEqual(['exec_command']);
  });

  test('words past the first sentence of a long description do not make a tool relevant', () => {
    expect(chosen('Tell me about the progress of key decisions in history')).toEqual([]);
  });

  test('never more than a few guessed tools at once', () => {
    const many = Array.from({ length: 8 }, (_, i) => fn(`weather_tool_${i}`, 'Weather forecast for a city.'));
    const request = parseCreateResponse(projectSchemas(), { model: 'gpt-4o', input: 'x', tools: many });
    expect(chooseTools({ request, prompt: 'What is the weather forecast for Oslo?', hasPendingResults: false }).length).toBeLessThanOrEqual(3);
  });
});

describe('requests to summarise the conversation', () => {
  test.each([
    [COMPACTION_PROMPT, true],
    ['Please summarize our conversation so far.', true],
    ['Recap the discussion above in three bullets', true],
    ['Another language model started to solve this problem and produced a summary of its thinking process. Here is the summary: ran echo.', true],
    ['Summarize what this folder contains.', false],
    ['Summarize the weather in Oslo', false],
    ['Use exec_command to run `echo hi`', false],
  ])('%s → %s', (prompt, expected) => {
    expect(asksForConversationSummary(prompt)).toBe(expected);
  });
});
