/**
 * The layer rule, checked from the source: imports run one way (down), and no import cycles.
 *
 * Every `import`/`export … from` in src/ is read with TypeScript's own parser (so comments, strings
 * and template text never count as imports; `import type` counts, because a type in the wrong layer
 * is still a dependency in the wrong direction). Each file is mapped to a layer below; an import
 * from a file to a file in a higher layer is an upward import. Imports within one layer are free,
 * but a cycle between files is not.
 *
 * The layers, bottom to top (README "Project layout" › "Layers"; ../shared/DESIGN.md draws the same pipeline
 * transport → dialect → state → engine → render, with shared types at the bottom):
 *   model      src/model/ (Plan, stored response record, stream event types), src/canonical/,
 *              src/validation/, and the root utilities errors, random, clock, ids, models, log, redact,
 *              rate-limit-text, tokenizer, tokenizer-table, package-dir
 *   render     src/render/   Plan → Response object and stream events
 *   engine     src/engine/   request → Plan (synthesis, tokens, timing)
 *   state      src/state/    stores, history, live generations, rate limiter
 *   faults     src/faults/   fault kinds and queues (read by fixtures, acted on by transports)
 *   options    src/config.ts every option and its default
 *   fixtures   src/fixtures/ fixture loading, matching, replay (the fixture half of the answer step)
 *   core       src/emulator.ts, src/core/, src/journal/  the transport-free service the dialects call;
 *              core/answer.ts is the answer step (a fixture or synthesis → a plan)
 *   dialect    src/dialects/
 *   pipeline   src/pipeline/ the API exchange's steps and reply writing, with no Express or ws types
 *   transport  src/http/, src/ws/, src/transport/, src/admin/, src/record/ (the recording proxy: an override of the pipeline's routing)
 *   entry      src/index.ts, src/cli.ts, src/cli-fixtures.ts, src/testing/
 *
 * KNOWN_UPWARD lists today's known violations, exactly: the test fails when a new one appears AND
 * when a listed one is gone, so the list can only shrink (delete the line when you fix one).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

const SRC = path.resolve(__dirname, '../../src');

const LAYERS = ['model', 'render', 'engine', 'state', 'faults', 'options', 'fixtures', 'core', 'dialect', 'pipeline', 'transport', 'entry'] as const;
type Layer = (typeof LAYERS)[number];

/** Most specific prefix wins (checked longest first). Paths are relative to src/, without extension. */
const LAYER_OF: Record<string, Layer> = {
  'model/': 'model',
  'canonical/': 'model',
  'validation/': 'model',
  errors: 'model',
  random: 'model',
  clock: 'model',
  ids: 'model',
  models: 'model',
  log: 'model',
  redact: 'model',
  'rate-limit-text': 'model',
  tokenizer: 'model',
  'tokenizer-table': 'model',
  'package-dir': 'model',
  'render/': 'render',
  'engine/': 'engine',
  'state/': 'state',
  'faults/': 'faults',
  'config/': 'options',
  'fixtures/': 'fixtures',
  emulator: 'core',
  'core/': 'core',
  'emulator-types': 'core',
  'journal/': 'core',
  'record/': 'transport',
  'dialects/': 'dialect',
  'pipeline/': 'pipeline',
  'http/': 'transport',
  'ws/': 'transport',
  'transport/': 'transport',
  'admin/': 'transport',
  index: 'entry',
  cli: 'entry',
  'cli-fixtures': 'entry',
  'testing/': 'entry',
};
const PREFIXES = Object.keys(LAYER_OF).sort((a, b) => b.length - a.length);

/** Upward imports that exist today, as "from -> to" (src-relative, no extension). Only shrinks. */
const KNOWN_UPWARD: readonly string[] = [
];

function layerOf(file: string): Layer {
  const prefix = PREFIXES.find((p) => (p.endsWith('/') ? file.startsWith(p) : file === p));
  if (!prefix) throw new Error(`src/${file} has no layer: add it to LAYER_OF in test/unit/layers.test.ts`);
  return LAYER_OF[prefix];
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.m?ts$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

const withoutExtension = (file: string): string => file.replace(/\.m?[jt]s$/, '');
const relative = (full: string): string => withoutExtension(path.relative(SRC, full).split(path.sep).join('/'));

/** Resolves a relative specifier to a src-relative module name (a directory import means its index). */
function resolve(fromFull: string, specifier: string): string {
  const target = path.resolve(path.dirname(fromFull), withoutExtension(specifier));
  const isDir = fs.existsSync(target) && fs.statSync(target).isDirectory();
  return relative(isDir ? path.join(target, 'index') : target);
}

/** Every relative import of every file under src/: file → imported files. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const full of sourceFiles(SRC)) {
    const source = ts.createSourceFile(full, fs.readFileSync(full, 'utf8'), ts.ScriptTarget.Latest, false);
    const targets: string[] = [];
    const visit = (node: ts.Node): void => {
      if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
        if (node.moduleSpecifier.text.startsWith('.')) targets.push(resolve(full, node.moduleSpecifier.text));
      } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
        const [arg] = node.arguments;
        if (arg && ts.isStringLiteral(arg) && arg.text.startsWith('.')) targets.push(resolve(full, arg.text));
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    graph.set(relative(full), [...new Set(targets)]);
  }
  return graph;
}

/** Strongly connected components with more than one file (Tarjan), each sorted, as "a -> b -> a". */
function cycles(graph: Map<string, string[]>): string[] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[] = [];
  const connect = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort().join(', '));
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) connect(v);
  return found.sort();
}

function upwardImports(graph: Map<string, string[]>): string[] {
  const rank = (file: string): number => LAYERS.indexOf(layerOf(file));
  const found: string[] = [];
  for (const [from, targets] of graph) {
    for (const to of targets) if (rank(to) > rank(from)) found.push(`${from} -> ${to}`);
  }
  return found.sort();
}

describe('layers (imports run one way)', () => {
  const graph = importGraph();

  it('reads the whole source tree, and every import resolves to a file in src/', () => {
    expect(graph.size).toBeGreaterThan(100);
    for (const [from, targets] of graph) {
      for (const to of targets) expect({ from, to, exists: graph.has(to) }).toEqual({ from, to, exists: true });
    }
  });

  it('maps every file to a layer', () => {
    for (const file of graph.keys()) expect(LAYERS).toContain(layerOf(file));
  });

  it('has no import cycles between files', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('has no upward import beyond the known list, and every known one still exists (the list only shrinks)', () => {
    expect(upwardImports(graph)).toEqual([...KNOWN_UPWARD].sort());
  });

  it('finds what it looks for (an upward import and a cycle in a made-up graph)', () => {
    const made = new Map<string, string[]>([
      ['engine/a', ['render/b', 'http/c']],
      ['render/b', ['engine/a']],
      ['http/c', []],
    ]);
    expect(upwardImports(made)).toEqual(['engine/a -> http/c', 'render/b -> engine/a']);
    expect(cycles(made)).toEqual(['engine/a, render/b']);
  });
});
