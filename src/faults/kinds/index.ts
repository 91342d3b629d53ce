/**
 * Every fault kind, in the order the docs and error messages list them (each kind's `order`). A new
 * kind is one file in this folder (see ../fault-kind.ts): `npm run build` lists it in
 * list.generated.ts, in file-name order.
 */
import { FAULT_KIND_FILES } from './list.generated';

export const FAULT_KIND_DESCRIPTORS = [...FAULT_KIND_FILES].sort((a, b) => a.order - b.order);

export type FaultKind = (typeof FAULT_KIND_FILES)[number]['name'];
