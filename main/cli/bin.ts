import { main } from './camwall.ts';

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error: unknown) => {
    console.error(`camwall: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
