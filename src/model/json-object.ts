/** The one test for "a JSON object" (not null, not an array), for code reading values it did not type. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
