/** Query-string parameters, validated with the same error shapes as body parameters. */
import { invalidRequest } from '../../errors';
import type { PageQuery } from '../../state/pagination';

type Query = Record<string, unknown>;

export function parsePageQuery(query: Query): PageQuery {
  const out: PageQuery = {
    limit: parseIntegerParam(query, 'limit', 1, 100) ?? 20,
    order: 'desc',
  };
  const order = stringParam(query, 'order');
  if (order !== undefined) {
    if (order !== 'asc' && order !== 'desc') {
      throw invalidRequest(`Invalid value: '${order}'. Supported values are: 'asc' and 'desc'.`, 'order', 'invalid_value');
    }
    out.order = order;
  }
  const after = stringParam(query, 'after');
  const before = stringParam(query, 'before');
  if (after !== undefined) out.after = after;
  if (before !== undefined) out.before = before;
  return out;
}

export function parseIntegerParam(query: Query, name: string, min: number, max: number): number | undefined {
  const raw = stringParam(query, name);
  if (raw === undefined) return undefined;
  if (!/^-?\d+$/.test(raw)) {
    throw invalidRequest(`Invalid type for '${name}': expected an integer, but got a string instead.`, name, 'invalid_type');
  }
  const n = Number(raw);
  if (n < min) {
    throw invalidRequest(`Invalid '${name}': integer below minimum value. Expected a value >= ${min}, but got ${n} instead.`, name, 'integer_below_min_value');
  }
  if (n > max) {
    throw invalidRequest(`Invalid '${name}': integer above maximum value. Expected a value <= ${max}, but got ${n} instead.`, name, 'integer_above_max_value');
  }
  return n;
}

export function parseBooleanParam(query: Query, name: string): boolean | undefined {
  const raw = stringParam(query, name);
  if (raw === undefined) return undefined;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw invalidRequest(`Invalid type for '${name}': expected a boolean, but got a string instead.`, name, 'invalid_type');
}

/** `include[]=a&include[]=b` (the SDK's format) or `include=a`. */
export function parseListParam(query: Query, name: string, allowed: readonly string[]): string[] {
  const raw = query[name] ?? query[`${name}[]`];
  if (raw === undefined) return [];
  const values = Array.isArray(raw) ? raw : [raw];
  return values.map((v, i) => {
    if (typeof v !== 'string' || !allowed.includes(v)) {
      throw invalidRequest(`Invalid value: '${String(v)}'. Supported values are: ${allowed.map((a) => `'${a}'`).join(', ')}.`, `${name}[${i}]`, 'invalid_value');
    }
    return v;
  });
}

export function stringParam(query: Query, name: string): string | undefined {
  const raw = query[name];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') {
    throw invalidRequest(`Invalid type for '${name}': expected a single value.`, name, 'invalid_type');
  }
  return raw;
}
