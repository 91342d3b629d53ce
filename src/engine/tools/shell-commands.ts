/**
 * The shell commands a prompt asks for. Its own module because both the client tools (shell_call,
 * local_shell_call) and the field-value hints (a `command` argument of a function tool) read it, and
 * the hints sit below the tool calls.
 */
/** A command written in the prompt: `in backticks`, or after "run" / "execute". */
const BACKTICKED = /`([^`\n]{1,200})`/;
const RUN_VERB = /\b(?:run|execute|exec)\s+(?:the\s+command\s+)?["']?([a-z][\w.-]*(?:\s+[^\s"',;]+){0,6})/i;

/** Commands a request for a common task maps to, when it names none. */
const TASK_COMMANDS: [RegExp, string][] = [
  [/\b(list|show)\b.*\bfiles?\b|\bdirectory\b|\bfolder\b/i, 'ls -la'],
  [/\bworking directory\b|\bwhere am i\b|\bpwd\b/i, 'pwd'],
  [/\bdate\b|\btime\b/i, 'date'],
  [/\bgit\b/i, 'git status'],
  [/\b(os|system|kernel|machine)\b/i, 'uname -a'],
];

export function shellCommands(prompt: string): string[] {
  const written = prompt.match(BACKTICKED)?.[1] ?? prompt.match(RUN_VERB)?.[1];
  if (written) return [written.trim()];
  for (const [pattern, command] of TASK_COMMANDS) if (pattern.test(prompt)) return [command];
  const subject = prompt.replace(/\s+/g, ' ').trim().slice(0, 60).replace(/'/g, '');
  return [`echo '${subject || 'hello'}'`];
}
