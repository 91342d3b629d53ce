/**
 * Only for compiling src/testing/vitest.mts here: vitest is an optional peer dependency, not installed
 * in this repository. Not shipped (declaration files are not emitted); users get Vitest's own types.
 */
declare module 'vitest' {
  type Hook = (fn: () => Promise<void> | void, timeout?: number) => void;
  export const beforeAll: Hook;
  export const afterAll: Hook;
  export const beforeEach: Hook;
  export const afterEach: Hook;
}
