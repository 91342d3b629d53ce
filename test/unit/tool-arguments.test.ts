/**
 * Tool arguments as a model writes them, for a tool shaped like Codex CLI's `exec_command` (its
 * schema gives plain `"type": "number"` for fields Codex parses as usize, and many optional
 * escalation switches): the command from the prompt, integers for counts and times, optional
 * fields mostly left out, strict schemas still complete.
 */
import { extractPromptValues } from '../../src/engine/prompt-values';
import { fakeValue } from '../../src/engine/schema-faker';
import { compileUserSchema } from '../../src/engine/user-schemas';
import { documentedDefault } from '../../src/engine/value-hints';
import { Rng } from '../../src/random';

const EXEC_PROPERTIES: Record<string, Record<string, unknown>> = {
  cmd: { type: 'string', description: 'Shell command to execute.' },
  justification: { type: 'string', description: 'Only set if sandbox_permissions is "require_escalated". A one-sentence explanation of why the command needs more permissions.' },
  login: { type: 'boolean', description: 'Whether to run the shell with -l/-i semantics. Defaults to true.' },
  max_output_tokens: { type: 'number', description: 'Maximum number of tokens to return. Excess output will be truncated.' },
  prefix_rule: { type: 'array', items: { type: 'string' }, description: 'Only specify when sandbox_permissions is "require_escalated": a command prefix to allow from now on.' },
  sandbox_permissions: { type: 'string', description: 'Sandbox permissions for the command. Set to "require_escalated" to request running without sandbox restrictions.' },
  shell: { type: 'string', description: "Shell binary to launch. Defaults to the user's default shell." },
  workdir: { type: 'string', description: 'Optional working directory to run the command in.' },
  yield_time_ms: { type: 'number', description: 'How long to wait (in milliseconds) for output before yielding. Defaults to 10000.' },
};
const execCommand = { type: 'object', properties: EXEC_PROPERTIES, required: ['cmd'], additionalProperties: false };
const strictExecCommand = { ...execCommand, required: Object.keys(EXEC_PROPERTIES) };
/** How tool calls fake their arguments. */
const ARGS = { leaveOutOptionals: true };
const PROMPT = 'Use exec_command to run `echo hello-from-codex`';

function isCount(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

describe('exec_command arguments, as a model writes them', () => {
  const runs = Array.from({ length: 60 }, (_, seed) => fakeValue(execCommand, new Rng(seed), extractPromptValues(PROMPT), ARGS) as Record<string, unknown>);

  test('cmd is the backticked command; the value is valid and the same for the same seed', () => {
    const validate = compileUserSchema(execCommand);
    runs.forEach((value, seed) => {
      expect(value.cmd).toBe('echo hello-from-codex');
      expect(validate(value)).toBe(true);
      expect(fakeValue(execCommand, new Rng(seed), extractPromptValues(PROMPT), ARGS)).toEqual(value);
    });
  });

  test('escalation switches and fields with a documented default are never volunteered; other optional fields rarely', () => {
    for (const value of runs) {
      for (const key of ['sandbox_permissions', 'justification', 'prefix_rule', 'login', 'shell', 'yield_time_ms']) expect(value).not.toHaveProperty(key);
    }
    const optionalSent = runs.reduce((n, value) => n + Object.keys(value).length - 1, 0);
    expect(optionalSent / runs.length).toBeLessThan(0.6);
  });

  test('numbers that count or measure are non-negative integers', () => {
    for (const value of runs) if ('max_output_tokens' in value) expect(isCount(value.max_output_tokens)).toBe(true);
  });

  test('a strict schema (every field required) still gets every field, with integers and documented defaults', () => {
    const validate = compileUserSchema(strictExecCommand);
    for (let seed = 0; seed < 30; seed++) {
      const value = fakeValue(strictExecCommand, new Rng(seed), extractPromptValues(PROMPT), ARGS) as Record<string, unknown>;
      expect(Object.keys(value).sort()).toEqual(Object.keys(EXEC_PROPERTIES).sort());
      expect(validate(value)).toBe(true);
      expect(value.cmd).toBe('echo hello-from-codex');
      expect(value.yield_time_ms).toBe(10000);
      expect(isCount(value.max_output_tokens)).toBe(true);
    }
  });

  test('structured outputs (no leaveOutOptionals) keep the optional fields the draft has', () => {
    const kept = Array.from({ length: 30 }, (_, seed) => Object.keys(fakeValue(execCommand, new Rng(seed), extractPromptValues(PROMPT)) as object).length);
    expect(Math.max(...kept)).toBeGreaterThan(3);
  });

  test('unconstrained numbers are modest, not drafts like -40487218.49', () => {
    const schema = { type: 'object', required: ['ratio', 'offset'], properties: { ratio: { type: 'number' }, offset: { type: 'integer' } } };
    for (let seed = 0; seed < 40; seed++) {
      const value = fakeValue(schema, new Rng(seed), extractPromptValues('')) as { ratio: number; offset: number };
      expect(value.ratio).toBeGreaterThanOrEqual(0);
      expect(value.ratio).toBeLessThanOrEqual(100);
      expect(isCount(value.offset)).toBe(true);
      expect(value.offset).toBeLessThanOrEqual(100);
    }
  });

  test('documented defaults: "Defaults to N", "default: N", or the schema default', () => {
    expect(documentedDefault({}, 'How long to wait. Defaults to 10000.')).toBe(10000);
    expect(documentedDefault({}, 'Page size (default: 25)')).toBe(25);
    expect(documentedDefault({ default: 3 }, '')).toBe(3);
    expect(documentedDefault({}, 'No default here.')).toBeUndefined();
  });
});
