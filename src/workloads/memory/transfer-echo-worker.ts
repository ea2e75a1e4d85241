/**
 * The far end of memory.transfer: takes each buffer it is sent, checks the sender's stamp,
 * writes its own, and sends the buffer straight back the way it came (transferred when
 * it was transferred, copied when it was copied).
 */
import { parentPort } from 'node:worker_threads';
import { ECHO_STAMP, type TransferMessage } from './transfer-message.ts';

const port = parentPort!;
port.on('message', (message: TransferMessage) => {
  const words = new Uint32Array(message.buffer);
  // Echo the stamp only when the sender's arrived intact, so corruption shows up there.
  if (words[0] === message.seq >>> 0) words[1] = (message.seq ^ ECHO_STAMP) >>> 0;
  port.postMessage(message, message.transfer ? [message.buffer] : []);
});
