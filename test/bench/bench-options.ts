// The command-line options of the browser benchmarks: `--name value` after `npm run bench:x --`.

/** The value after `--name`, or undefined. */
export function option(name: string): string | undefined {
  const argv = process.argv.slice(2);
  const at = argv.indexOf(`--${name}`);
  return at === -1 ? undefined : argv[at + 1];
}

/** `--rounds`, a whole number of at least 1 (default `fallback`). */
export function roundsOption(fallback: number): number {
  const rounds = Number(option('rounds') ?? fallback);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds: '${option('rounds')}' is not a whole number of at least 1`);
  return rounds;
}
