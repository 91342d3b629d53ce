/**
 * `shell_call`: commands for the client to run. Each command streams `added` (empty), its deltas,
 * `done`; these events carry no item_id (as recorded and as the spec declares them). Listed as an
 * input item with every field its resource form has.
 */
import type { GenericItem } from '../../canonical/items';
import type { ItemKind, Part } from '../item-kind';

export const shellCall: ItemKind = {
  type: 'shell_call',
  idPrefix: 'sh_',
  announce(item, started) {
    started.action = { ...(item.action as Record<string, unknown>), commands: [] };
  },
  stream(item, s) {
    const commands = ((item.action as { commands?: string[] } | undefined)?.commands ?? []).map(String);
    const output_index = s.at.output_index;
    commands.forEach((command, command_index) => {
      const where = { output_index, command_index };
      s.push({ type: 'response.shell_call_command.added', ...where, command: '' });
      s.deltas('response.shell_call_command.delta', where, command);
      s.push({ type: 'response.shell_call_command.done', ...where, command });
    });
  },
  accumulate: {
    'response.shell_call_command.added': (item, e) => {
      commandsOf(item).push(String(e.command ?? ''));
    },
    'response.shell_call_command.delta': (item, e) => {
      const list = commandsOf(item);
      list[e.command_index as number] = (list[e.command_index as number] ?? '') + String(e.delta);
    },
  },
  stored(item) {
    // The limits and environment not given are listed as null.
    item.status ??= 'completed';
    item.environment ??= null;
    if (item.action && typeof item.action === 'object') item.action = { timeout_ms: null, max_output_length: null, ...(item.action as Record<string, unknown>) };
  },
};

function commandsOf(item: GenericItem): string[] {
  const action = (item.action ??= {}) as Part;
  return (action.commands ??= []) as string[];
}
