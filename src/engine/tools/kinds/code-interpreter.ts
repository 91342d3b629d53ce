/** `code_interpreter`: Python that sums the prompt's numbers (or prints its topic), and what it printed. */
import { codeInterpreter } from '../builtin';
import { SERVER, type ToolKind } from './tool-kind';

export const codeInterpreterTool: ToolKind = {
  name: 'code_interpreter',
  types: ['code_interpreter'],
  triggers: ['calculate', 'compute', 'python', 'code', 'run', 'plot', 'chart', 'graph', 'analyze', 'analyse', 'sqrt', 'equation', 'csv', 'data'],
  clientSide: SERVER,
  call: codeInterpreter,
};
