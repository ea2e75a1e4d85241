/**
 * Blocking sleeps without the event loop: Atomics.wait on a private word nobody notifies
 * times out after the requested time. The thread leaves the CPU (futex sleep), unlike a
 * spin, and no timer or promise is involved, so a stall seen across the sleep is the
 * OS's or the VM's, not the event loop's.
 */
const privateWord = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));

export function sleepNs(ns: number): void {
  if (ns <= 0) return;
  Atomics.wait(privateWord, 0, 0, ns / 1e6);
}
