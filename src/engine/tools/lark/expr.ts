/**
 * A Lark expression tree: what a rule or terminal matches. Its own module because both the grammar
 * reader (syntax.ts) and Lark's common terminals (common.ts) build it, and syntax.ts reads common.ts.
 */
export type Expr =
  | { kind: 'alt'; options: Expr[] }
  | { kind: 'seq'; items: Expr[] }
  | { kind: 'repeat'; node: Expr; min: number; max: number }
  | { kind: 'literal'; text: string; insensitive: boolean }
  /** `generate`, when set, is a tidier subset of the language to generate from (Lark's common terminals). */
  | { kind: 'regex'; source: string; flags: string; generate?: string }
  | { kind: 'range'; from: string; to: string }
  | { kind: 'ref'; name: string; args?: Expr[] };
