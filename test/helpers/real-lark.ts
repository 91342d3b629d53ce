/**
 * The real Lark (Python, `python3-lark` on Debian, `pip install lark` elsewhere) as a second oracle
 * for grammar tests: parses texts with Lark's default Earley parser. Tests using it skip cleanly when
 * no Python with Lark is installed (LARK_PYTHON names the interpreter to use).
 */
import { spawnSync } from 'node:child_process';

const CANDIDATES = [process.env.LARK_PYTHON, 'python3', '/usr/bin/python3'].filter((p): p is string => Boolean(p));

const SCRIPT = `
import json, sys
from lark import Lark
jobs = json.load(sys.stdin)
out = []
for job in jobs:
    # Lark before 1.2 has no '#' comments (Codex's grammar has one): drop whole-line ones.
    grammar = "\\n".join(l for l in job["grammar"].split("\\n") if not l.lstrip().startswith("#"))
    # Python's Lark refuses zero-width terminals, which the API's grammar engine (LLGuidance) allows:
    # /(.*)/ becomes [/(.+)/], the same language.
    grammar = grammar.replace("/(.*)/", "[/(.+)/]").replace("/.*/", "[/.+/]")
    parser = Lark(grammar, start="start")
    res = []
    for text in job["texts"]:
        try:
            parser.parse(text)
            res.append(None)
        except Exception as e:
            res.append(str(e)[:300])
    out.append(res)
print(json.dumps(out))
`;

function findPython(): string | null {
  for (const python of CANDIDATES) {
    const probe = spawnSync(python, ['-c', 'import lark'], { encoding: 'utf8' });
    if (probe.status === 0) return python;
  }
  return null;
}

export const larkPython = findPython();
export const describeWithRealLark = larkPython ? describe : describe.skip;

/** For each grammar, for each text: null when Lark parses it, else Lark's error. */
export function realLarkParse(jobs: { grammar: string; texts: string[] }[]): (string | null)[][] {
  if (!larkPython) throw new Error('no Python with Lark installed');
  const run = spawnSync(larkPython, ['-c', SCRIPT], { input: JSON.stringify(jobs), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`lark failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as (string | null)[][];
}
