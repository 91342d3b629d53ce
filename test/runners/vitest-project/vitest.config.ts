import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The suite runs these projects on loaded CI machines: generous limits, no test races the clock.
  test: { testTimeout: 120_000, hookTimeout: 120_000 },
});
