/** The `actionlake` bin. */
import { run } from './run';

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`actionlake: ${err?.message ?? err}\n`);
    process.exitCode = 1;
  },
);
