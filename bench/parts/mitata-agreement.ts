/**
 * Agreement with mitata: vmsoak's batched ns/op against mitata's for the same
 * micro-operations in the same process, plus a hand-written loop with no harness at all
 * (what the operation costs inlined). Aim: vmsoak within ±10 % of mitata.
 */
import { do_not_optimize } from 'mitata';
import { measureBatched } from '../../src/measure/batch.ts';
import { calibrateClock } from '../../src/measure/clock.ts';
import { initHdr } from '../../src/measure/hdr.ts';
import { createLocalContext } from '../../src/workloads/local-context.ts';
import { FULL_LOOP, mitataAverageNs, nsPerIteration, QUICK_LOOP } from '../loop-timing.ts';
import { formatRatio, markdownTable, significant } from '../markdown.ts';
import type { Aim, BenchPart } from '../part.ts';

const AGREEMENT_AIM = 0.1;

interface MicroOp {
  name: string;
  /** What measureBatched calls with the op index. */
  op: (i: number) => number;
  mitataOp: () => unknown;
  handLoop: (n: number) => void;
}

const handSink = new Float64Array(64);

function microOps(): MicroOp[] {
  const counter = new Int32Array(new SharedArrayBuffer(4));
  let sqrtInput = 0;
  const map = new Map<number, number>(Array.from({ length: 1024 }, (_, key) => [key, key * 3]));
  let mapKey = 0;
  return [
    {
      name: '`Atomics.add`, uncontended',
      op: () => Atomics.add(counter, 0, 1),
      mitataOp: () => do_not_optimize(Atomics.add(counter, 0, 1)),
      handLoop: (n) => {
        for (let i = 0; i < n; i++) handSink[i & 63] = Atomics.add(counter, 0, 1);
      },
    },
    {
      name: '`Math.sqrt`, varying input',
      op: (i) => Math.sqrt(i + 0.5),
      mitataOp: () => do_not_optimize(Math.sqrt((sqrtInput = (sqrtInput + 1) & 8191) + 0.5)),
      handLoop: (n) => {
        for (let i = 0; i < n; i++) handSink[i & 63] = Math.sqrt((i & 8191) + 0.5);
      },
    },
    {
      name: '`Map.get`, 1,024 integer keys',
      op: (i) => map.get(i & 1023) as number,
      mitataOp: () => do_not_optimize(map.get((mapKey = (mapKey + 1) & 1023))),
      handLoop: (n) => {
        for (let i = 0; i < n; i++) handSink[i & 63] = map.get(i & 1023) as number;
      },
    },
  ];
}

export const mitataAgreementPart: BenchPart = {
  name: 'mitata',
  title: 'Agreement with mitata: ns/op of the same micro-operations',
  inDefaultRun: true,
  async run({ quick, progress }) {
    await initHdr();
    const loop = quick ? QUICK_LOOP : FULL_LOOP;
    const { timerCostNs } = calibrateClock();
    const phases = quick ? { warmupNs: 0.1e9, durationNs: 0.3e9 } : { warmupNs: 0.5e9, durationNs: 2e9 };
    const rows: string[][] = [];
    const aims: Aim[] = [];
    for (const { name, op, mitataOp, handLoop } of microOps()) {
      progress(`measuring ${name.replaceAll('`', '')}`);
      const context = createLocalContext({ phases, timerCostNs });
      const outcome = (() => {
        try {
          return measureBatched(context, op);
        } finally {
          context.recorder.destroy();
        }
      })();
      const mitataNs = await mitataAverageNs(mitataOp, quick);
      const handNs = nsPerIteration(handLoop, loop);
      const ratio = outcome.nsPerOp / mitataNs;
      const note = `N=${outcome.batchSize}, no-op ${significant(outcome.noopNsPerOp)} ns${outcome.suspectDeadCode ? ', SUSPECT DEAD CODE' : ''}`;
      rows.push([name, significant(outcome.nsPerOp), significant(mitataNs), formatRatio(ratio), significant(handNs), formatRatio(outcome.nsPerOp / handNs), note]);
      aims.push({
        figure: `${name} vmsoak ÷ mitata`, aim: `within ±${AGREEMENT_AIM * 100} %`, measured: formatRatio(ratio),
        met: Math.abs(ratio - 1) <= AGREEMENT_AIM,
      });
    }
    // With the sqrt taken out: when mitata's figure barely moves, its unrolled
    // do_not_optimize stores let V8 drop most square roots and the mitata column understates the op.
    let controlInput = 0;
    const controlNs = await mitataAverageNs(() => do_not_optimize((controlInput = (controlInput + 1) & 8191) + 0.5), quick);
    rows.push(['control: the sqrt op without `Math.sqrt`', '–', significant(controlNs), '–', '–', '–', 'mitata\'s own loop cost for that op']);
    const body = [
      markdownTable(['operation (ns/op)', 'vmsoak', 'mitata', 'vmsoak ÷ mitata', 'hand loop', 'vmsoak ÷ hand loop', 'note'], rows, [1, 2, 3, 4, 5]),
      '',
      'vmsoak: `measureBatched` (N calls per timer read, no-op baseline) in this process;',
      'mitata: `measure()` mean; hand loop: the op inlined in a plain loop with no harness.',
      'For ops of a few ns the harnesses\' loop costs differ by about a nanosecond, which is',
      'a large share of the op; the hand loop says which harness is closer to the op itself.',
    ].join('\n');
    return { body, aims };
  },
};
