/** `code_interpreter`: Python that sums the prompt's numbers (or prints its topic), and what it printed. */
import type { GenericItem } from '../../../canonical/items';
import type { Tool } from '../../../canonical/request';
import { titleCase, topicOf, type BuiltinContext, type BuiltinResult } from '../builtin';
import { SERVER, type ToolKind } from '../tool-kind';

function codeInterpreter(tool: Tool, ctx: BuiltinContext): BuiltinResult {
  const numbers = ctx.values.numbers.slice(0, 8);
  const code =
    numbers.length > 0
      ? `values = [${numbers.join(', ')}]\ntotal = sum(values)\nmean = total / len(values)\nprint(f"total={total} mean={mean}")`
      : `summary = ${JSON.stringify(topicOf(ctx))}\nprint(summary.title())`;
  const logs = numbers.length > 0 ? pythonTotals(numbers) : `${titleCase(topicOf(ctx))}\n`;
  const container = typeof tool.container === 'string' ? tool.container : `cntr_${ctx.rng.fork('container').hex(32)}`;
  const item: GenericItem = {
    id: ctx.ids.next('code_interpreter_call'),
    type: 'code_interpreter_call',
    status: 'completed',
    container_id: container,
    code,
    outputs: ctx.include.includes('code_interpreter_call.outputs') ? [{ type: 'logs', logs }] : null,
  };
  return { items: [item], report: (b) => b.append(`I ran the code and it printed: ${logs.trim()}.`) };
}

/** What Python prints for `total`/`mean` of these numbers. */
function pythonTotals(numbers: number[]): string {
  const total = numbers.reduce((a, b) => a + b, 0);
  const mean = total / numbers.length;
  const py = (n: number, float: boolean): string => (Number.isInteger(n) && !float ? String(n) : Number.isInteger(n) ? `${n}.0` : String(n));
  const anyFloat = numbers.some((n) => !Number.isInteger(n));
  return `total=${py(total, anyFloat)} mean=${py(mean, true)}\n`;
}

export const codeInterpreterTool: ToolKind = {
  name: 'code_interpreter',
  types: ['code_interpreter'],
  triggers: ['calculate', 'compute', 'python', 'code', 'run', 'plot', 'chart', 'graph', 'analyze', 'analyse', 'sqrt', 'equation', 'csv', 'data'],
  clientSide: SERVER,
  call: codeInterpreter,
};
