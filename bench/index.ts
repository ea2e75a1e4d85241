/**
 * vmsoak's own measurement overhead, next to mitata's figures for the same things in the
 * same process: the timer, the cost of recording a sample, and the ns/op that batched
 * measurement reports for two sub-10-ns operations.
 *
 * Run with `npm run bench`. Takes about 10 s. Figures move with machine load; run it on an
 * idle machine and read the ratios rather than the absolute numbers.
 */
import { do_not_optimize, measure } from 'mitata';
import { measureBatched } from '../src/measure/batch.ts';
import { calibrateClock, nowNs } from '../src/measure/clock.ts';
import { initHdr } from '../src/measure/hdr.ts';
import { createLocalContext } from '../src/measure/local-context.ts';
import { LatencyRecorder } from '../src/measure/recorder.ts';

interface Row {
  what: string;
  vmsoak: number | null;
  mitata: number | null;
  /** The same op in a hand-written loop with no harness: what the op costs when inlined. */
  handLoop?: number;
  note?: string;
}

const LOOP_ITERATIONS = 2_000_000;
const LOOP_ROUNDS = 9;

/** Median ns per iteration of `body` run as one tight loop, over several rounds. */
function nsPerIteration(body: (iterations: number) => void): number {
  const perRound: number[] = [];
  body(LOOP_ITERATIONS); // warm-up
  for (let round = 0; round < LOOP_ROUNDS; round++) {
    const start = nowNs();
    body(LOOP_ITERATIONS);
    perRound.push((nowNs() - start) / LOOP_ITERATIONS);
  }
  perRound.sort((a, b) => a - b);
  return perRound[LOOP_ROUNDS >> 1];
}

async function mitataAvg(fn: () => unknown): Promise<number> {
  return (await measure(fn)).avg;
}

async function main(): Promise<void> {
  await initHdr();
  const rows: Row[] = [];

  // Timer.
  const { timerCostNs, timerResolutionNs } = calibrateClock();
  const mitataTimer = await mitataAvg(() => do_not_optimize(nowNs()));
  rows.push({ what: 'timer read nowNs() (ns)', vmsoak: timerCostNs, mitata: mitataTimer, note: 'vmsoak: calibrateClock' });
  rows.push({ what: 'timer resolution (ns)', vmsoak: timerResolutionNs, mitata: null });

  // Recording: record alone, and a full sample (one timer read + record, as a loop that
  // times consecutive operations does it).
  const recorder = new LatencyRecorder();
  const recordNs = nsPerIteration((n) => {
    for (let i = 0; i < n; i++) recorder.record(50 + (i & 1023));
  });
  const sampleNs = nsPerIteration((n) => {
    let previous = nowNs();
    for (let i = 0; i < n; i++) {
      const current = nowNs();
      recorder.record(current - previous);
      previous = current;
    }
  });
  let recordInput = 0;
  const mitataRecord = await mitataAvg(() => recorder.record(50 + (recordInput++ & 1023)));
  recorder.destroy();
  rows.push({ what: 'LatencyRecorder.record (ns)', vmsoak: recordNs, mitata: mitataRecord });
  rows.push({ what: 'timer + record, one sample (ns)', vmsoak: sampleNs, mitata: null });
  rows.push({ what: 'record / timer ratio (aim <= 0.5)', vmsoak: recordNs / timerCostNs, mitata: mitataRecord / mitataTimer });

  // Batched ns/op against mitata for the same operations.
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const handSink = new Float64Array(64);
  const batchedOps: { name: string; op: (i: number) => number; mitataOp: () => unknown; handLoop: (n: number) => void }[] = [
    {
      name: 'Atomics.add, uncontended',
      op: () => Atomics.add(counter, 0, 1),
      mitataOp: () => do_not_optimize(Atomics.add(counter, 0, 1)),
      handLoop: (n) => {
        for (let i = 0; i < n; i++) handSink[i & 63] = Atomics.add(counter, 0, 1);
      },
    },
    (() => {
      let x = 0;
      return {
        name: 'Math.sqrt, varying input',
        op: (i: number) => Math.sqrt(i + 0.5),
        mitataOp: () => do_not_optimize(Math.sqrt((x = (x + 1) & 8191) + 0.5)),
        handLoop: (n: number) => {
          for (let i = 0; i < n; i++) handSink[i & 63] = Math.sqrt((i & 8191) + 0.5);
        },
      };
    })(),
  ];
  for (const { name, op, mitataOp, handLoop } of batchedOps) {
    const ctx = createLocalContext({ phases: { warmupNs: 0.5e9, durationNs: 2e9 }, timerCostNs });
    const outcome = measureBatched(ctx, op);
    ctx.recorder.destroy();
    const mitataNs = await mitataAvg(mitataOp);
    rows.push({
      what: `${name} (ns/op)`,
      vmsoak: outcome.nsPerOp,
      mitata: mitataNs,
      handLoop: nsPerIteration(handLoop),
      note: `N=${outcome.batchSize}, no-op ${outcome.noopNsPerOp.toFixed(2)} ns${outcome.suspectDeadCode ? ', SUSPECT DEAD CODE' : ''}`,
    });
  }

  // Control: mitata's figure for the sqrt op with the sqrt taken out. When it matches the
  // figure with the sqrt, mitata's unrolled `do_not_optimize` stores let V8 drop most of the
  // square roots, and the mitata column understates the op.
  let y = 0;
  rows.push({
    what: 'control: sqrt op without Math.sqrt (ns/op)',
    vmsoak: null,
    mitata: await mitataAvg(() => do_not_optimize((y = (y + 1) & 8191) + 0.5)),
  });

  print(rows);
}

function print(rows: readonly Row[]): void {
  const format = (value: number | null | undefined): string =>
    (value === null || value === undefined ? '-' : value.toFixed(value < 10 ? 3 : 1));
  const ratio = (row: Row, reference: number | null | undefined): string =>
    row.vmsoak === null || reference === null || reference === undefined || row.what.includes('ratio')
      ? '-'
      : (row.vmsoak / reference).toFixed(3);
  const table = [
    ['measurement', 'vmsoak', 'mitata', 'vmsoak/mitata', 'hand loop', 'vmsoak/hand', 'note'],
    ...rows.map((row) => [
      row.what, format(row.vmsoak), format(row.mitata), ratio(row, row.mitata),
      format(row.handLoop), ratio(row, row.handLoop), row.note ?? '',
    ]),
  ];
  const left = new Set([0, table[0].length - 1]);
  const widths = table[0].map((_, column) => Math.max(...table.map((line) => line[column].length)));
  console.log(`node ${process.version}, v8 ${process.versions.v8}`);
  for (const [index, line] of table.entries()) {
    console.log(line.map((cell, column) => (left.has(column) ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ').trimEnd());
    if (index === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}

await main();
