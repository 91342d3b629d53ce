/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // The suite runs these projects on loaded CI machines: generous limits, no test races the clock.
  testTimeout: 120000,
};
