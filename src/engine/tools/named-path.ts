/** The file path a prompt names ("create notes/todo.md", "fix src/app.ts"), URLs and e-mail addresses aside. */
const PATH = /(?<![\w@/.:-])(?:[\w-]+\/)*[\w-]+\.[A-Za-z0-9]{1,8}(?![\w/])/;

export function namedPath(prompt: string): string | null {
  return prompt.replace(/https?:\/\/\S+|\S+@\S+/g, ' ').match(PATH)?.[0] ?? null;
}
