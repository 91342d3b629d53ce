/**
 * `apply_patch_call`: one create/update/delete operation; its diff streams as deltas (a delete has no
 * diff, and real traffic streams none for it). An unfinished one stays in_progress: its status has
 * no `incomplete`.
 */
import { append, type ItemKind, type Part } from '../item-kind';

export const applyPatchCall: ItemKind = {
  type: 'apply_patch_call',
  idPrefix: 'apc_',
  announce(item, started) {
    const operation = item.operation as Record<string, unknown>;
    started.operation = 'diff' in operation ? { ...operation, diff: '' } : operation;
  },
  stream(item, s) {
    const diff = (item.operation as { diff?: string } | undefined)?.diff;
    if (diff === undefined) return;
    s.deltas('response.apply_patch_call_operation_diff.delta', s.at, diff);
    s.push({ type: 'response.apply_patch_call_operation_diff.done', ...s.at, diff });
  },
  accumulate: {
    'response.apply_patch_call_operation_diff.delta': (item, e) => append(item.operation as Part, 'diff', e.delta),
  },
  unfinishedStatus: 'in_progress',
};
