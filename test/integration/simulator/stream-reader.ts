// A deliberately plain test-side reader for the simulator's streams over a raw TCP socket, so
// the tests see exactly the bytes on the wire (headers, parts, closing delimiter, how the
// connection ended) without depending on the app's own parser.

import { connect, type Socket } from 'node:net';

export interface Part { headers: Record<string, string>; body: Buffer }

export interface RawResponse {
  status: number;
  headers: Record<string, string[]>;
  /** Everything after the header block, as received so far. */
  body: () => Buffer;
  /** Parts complete so far (framing by Content-Length, as sent). */
  parts: () => Part[];
  /** Resolves when the socket closes: 'end' for a clean close, or the error code. */
  closed: Promise<string>;
  socket: Socket;
  /** Resolves once `n` parts have arrived (rejects if the connection closes first). */
  waitForParts(n: number): Promise<Part[]>;
}

export function request(port: number, path: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let buffer = Buffer.alloc(0);
    let headerEnd = -1;
    const waiters: Array<() => void> = [];
    const notify = () => { for (const w of waiters.splice(0)) w(); };
    const closed = new Promise<string>((done) => {
      socket.on('error', (error: NodeJS.ErrnoException) => { reject(error); done(error.code ?? 'error'); notify(); });
      // A close before the response head is a failed request (a promise that never settled
      // would hang the test instead of failing it); reject is a no-op once resolved.
      socket.on('close', () => { reject(new Error(`connection closed before a response head (${buffer.length} bytes)`)); done('end'); notify(); });
    });
    let response: RawResponse | null = null;
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (headerEnd < 0) {
        headerEnd = buffer.indexOf('\r\n\r\n');
        if (headerEnd < 0) return;
        const lines = buffer.subarray(0, headerEnd).toString('latin1').split('\r\n');
        const status = Number(lines[0]!.split(' ')[1]);
        const parsed: Record<string, string[]> = {};
        for (const line of lines.slice(1)) {
          const colon = line.indexOf(':');
          const name = line.slice(0, colon).toLowerCase();
          (parsed[name] ??= []).push(line.slice(colon + 1).trim());
        }
        response = {
          status, headers: parsed, socket, closed,
          body: () => buffer.subarray(headerEnd + 4),
          parts: () => splitParts(buffer.subarray(headerEnd + 4)),
          waitForParts: (n) => new Promise((ok, fail) => {
            const check = () => {
              const parts = splitParts(buffer.subarray(headerEnd + 4));
              if (parts.length >= n) ok(parts);
              else if (socket.destroyed) fail(new Error(`connection closed after ${parts.length} of ${n} parts`));
              else waiters.push(check);
            };
            check();
          }),
        };
        resolve(response);
      }
      notify();
    });
    const lines = [`GET ${path} HTTP/1.1`, 'Host: 127.0.0.1', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), '', ''];
    socket.write(lines.join('\r\n'));
  });
}

/** Splits a multipart body into parts by each part's Content-Length. */
export function splitParts(body: Buffer): Part[] {
  const parts: Part[] = [];
  let offset = 0;
  for (;;) {
    if (!body.subarray(offset, offset + 14).toString('latin1').startsWith('--myboundary\r\n')) return parts;
    const end = body.indexOf('\r\n\r\n', offset);
    if (end < 0) return parts;
    const headers: Record<string, string> = {};
    for (const line of body.subarray(offset + 14, end).toString('latin1').split('\r\n')) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
    }
    const length = Number(headers['content-length']);
    if (body.length < end + 4 + length + 2) return parts;
    parts.push({ headers, body: body.subarray(end + 4, end + 4 + length) });
    offset = end + 4 + length + 2;
  }
}
