// `camwall <command>`: the headless entry point. Each command lives in its own file and is
// loaded only when asked for, so `camwall probe` never pays for the registry or the server.
import { EXIT_USAGE } from './exit-codes.ts';

type Command = { summary: string; load: () => Promise<{ run(argv: string[]): Promise<number> }> };

// One line per command; each file exports `run(argv): Promise<exitCode>`.
const commands: Record<string, Command> = {
  discover: { summary: 'look for cameras on the local network (Bonjour, ONVIF WS-Discovery)', load: () => import('./discover.ts') },
  probe: { summary: 'connect to one camera once and report what it sends', load: () => import('./probe.ts') },
  simulate: { summary: 'run a virtual multi-channel Axis camera (MJPEG over HTTP)', load: () => import('./simulate.ts') },
  serve: { summary: 'run the wall in a browser: the core, the renderer and the API over one WebSocket', load: () => import('./serve.ts') },
  motion: { summary: 'detect motion on one camera\'s live stream and print each event', load: () => import('./motion.ts') },
  record: { summary: 'record one camera into rotating Matroska segments', load: () => import('./record.ts') },
  frame: { summary: 'write the JPEG a camera recorded at an instant, as it was received', load: () => import('./frame.ts') },
  export: { summary: 'export a camera\'s recordings over a range as one signed clip (AVI, MOV, MKV)', load: () => import('./export.ts') },
  verify: { summary: 'check an export against its signed manifest', load: () => import('./verify.ts') },
  repair: { summary: 'repair a recordings folder after a crash (cut files, index)', load: () => import('./repair.ts') },
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `usage: camwall <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nRun 'camwall <command> --help' for a command's options.`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name === undefined ? EXIT_USAGE : 0;
  }
  const command = commands[name];
  if (!command) {
    console.error(`camwall: unknown command '${name}'\n\n${usage()}`);
    return EXIT_USAGE;
  }
  return (await command.load()).run(rest);
}
