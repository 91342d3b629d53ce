/**
 * `npm run runners:install`: installs the Vitest and Jest projects of test/runners/ into the cache
 * folder (`npm ci` from their lockfiles) with this repository's packed package (build first), so the
 * suite does not install them itself. Does nothing for what is already installed. Prints the folders.
 */
import { prepareProject, RUNNER_PROJECTS } from '../test/runners/install-location';

for (const project of RUNNER_PROJECTS) {
  process.stdout.write(`${prepareProject(project, (line) => process.stderr.write(`${line}\n`))}\n`);
}
