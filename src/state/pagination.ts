/** Cursor pagination as the API does it for item lists (`limit`, `order`, `after`, `before`). */
import { invalidRequest } from '../errors';

export interface PageQuery {
  limit: number;
  order: 'asc' | 'desc';
  after?: string;
  before?: string;
}

export interface Page<T> {
  object: 'list';
  data: T[];
  first_id: string | null;
  last_id: string | null;
  has_more: boolean;
}

/** `items` are in creation order; the page is cut from them in the requested order. */
export function paginate<T extends { id?: unknown }>(items: readonly T[], query: PageQuery): Page<T> {
  let ordered = query.order === 'asc' ? [...items] : [...items].reverse();
  if (query.after !== undefined) ordered = ordered.slice(cursorIndex(ordered, query.after, 'after') + 1);
  if (query.before !== undefined) ordered = ordered.slice(0, cursorIndex(ordered, query.before, 'before'));
  const data = ordered.slice(0, query.limit);
  return {
    object: 'list',
    data,
    first_id: data.length > 0 ? String(data[0].id) : null,
    last_id: data.length > 0 ? String(data[data.length - 1].id) : null,
    has_more: ordered.length > data.length,
  };
}

function cursorIndex(items: readonly { id?: unknown }[], id: string, param: string): number {
  const index = items.findIndex((item) => item.id === id);
  if (index < 0) throw invalidRequest(`Invalid '${param}': no item with id '${id}' was found in this list.`, param, 'invalid_value');
  return index;
}
