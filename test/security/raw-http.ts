/**
 * Raw bytes over TCP, for requests no well-behaved client sends: malformed request lines,
 * dot segments that fetch() would normalise away, slow-loris heads. Resolves with what
 * the server wrote once it closed the connection; rejects when it is still open after
 * `limitMs`, which is the failure these tests look for.
 */
import { connect } from 'node:net';

export interface RawOptions {
  /** Keep writing this every `everyMs` after the first chunk (a slow-loris client). */
  dribble?: { chunk: string; everyMs: number };
  /** Give up, and fail, after this long; a guard against a hanging test, not a timing assertion. */
  limitMs?: number;
}

export function rawExchange(port: number, text: string, options: RawOptions = {}): Promise<string> {
  const { dribble, limitMs = 10_000 } = options;
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    let timer: NodeJS.Timeout | undefined;
    const guard = setTimeout(() => {
      clearInterval(timer);
      socket.destroy();
      reject(new Error(`the server kept the connection open for ${limitMs} ms; it wrote: ${JSON.stringify(received.slice(0, 200))}`));
    }, limitMs);
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => { received += chunk; });
    socket.on('error', () => { /* a reset after the answer is a close too */ });
    socket.on('close', () => {
      clearTimeout(guard);
      clearInterval(timer);
      resolve(received);
    });
    socket.on('connect', () => {
      if (text !== '') socket.write(text);
      if (dribble !== undefined) {
        timer = setInterval(() => {
          if (!socket.destroyed && socket.writable) socket.write(dribble.chunk);
        }, dribble.everyMs);
      } else if (text !== '') {
        // A finished request: half-close, so that a keep-alive server closes once it has answered.
        socket.end();
      }
    });
  });
}

/** The status code of the first response in raw HTTP/1.1 output, or 0 when there is none. */
export function statusOf(raw: string): number {
  return Number(/^HTTP\/1\.1 (\d{3})/.exec(raw)?.[1] ?? 0);
}
