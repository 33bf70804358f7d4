// The readers of the re-stream benchmark, in a process of their own: N plain HTTP connections to
// one re-stream URL (Digest answered once, the header reused), counting the parts each receives
// for a given time. Prints one JSON line: { frames: [per reader], bytes }.
// Usage: node restream-readers.ts PORT PATH USER PASSWORD READERS SECONDS
import { connect } from 'node:net';
import { Authenticator } from '../../main/stream/auth/authenticator.ts';

const [port, path, user, password, readersText, secondsText] = process.argv.slice(2);
const readers = Number(readersText);
const seconds = Number(secondsText);
const DELIMITER = Buffer.from('--myboundary');

const challenge = await fetch(`http://127.0.0.1:${port}${path}`);
await challenge.body?.cancel();
const authenticator = new Authenticator({ username: user!, password: password! });
authenticator.onUnauthorized((challenge.headers.get('www-authenticate') ?? '').split(/,\s*(?=(?:Digest|Basic)\s)/i));
const authorization = authenticator.authorization('GET', path!)!;

const frames = new Array<number>(readers).fill(0);
let bytes = 0;
let counting = false;
const sockets = Array.from({ length: readers }, (_, i) => {
  const socket = connect(Number(port), '127.0.0.1');
  let tail: Buffer = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    // Count delimiters, including one split across two reads.
    const data = tail.length > 0 ? Buffer.concat([tail, chunk]) : chunk;
    if (counting) {
      bytes += chunk.length;
      for (let at = data.indexOf(DELIMITER); at !== -1; at = data.indexOf(DELIMITER, at + DELIMITER.length)) frames[i] = (frames[i] ?? 0) + 1;
    }
    tail = data.subarray(Math.max(0, data.length - DELIMITER.length + 1));
  });
  socket.on('error', (error) => console.error(`reader ${i}: ${error.message}`));
  socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: ${authorization}\r\n\r\n`);
  return socket;
});
// Warm-up: every reader connected and streaming before counting starts (the bench times the window).
await new Promise((resolve) => setTimeout(resolve, 1000));
counting = true;
process.stdout.write('counting\n');
await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
counting = false;
process.stdout.write(`${JSON.stringify({ frames, bytes })}\n`);
for (const socket of sockets) socket.destroy();
