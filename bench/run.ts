/**
 * `npm run bench`: runs every benchmark and prints its table. Each measurement is compared with a
 * baseline or a configured target measured in the same run.
 */
import { runTimingBench, timingTable } from './timing';

async function main(): Promise<void> {
  console.log('## Timing accuracy (configured vs measured)\n');
  console.log(timingTable(await runTimingBench()));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
