/** `npm run bench:fleet [-- --quick]`: the fleet benchmark alone (run.ts). */
import { runFleet } from './run.ts';

runFleet().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`fleet bench failed: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  },
);
