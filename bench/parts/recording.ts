/**
 * Recording: what one recorded sample costs next to the timer read it pairs with. A
 * sample is one timer read plus one HDR record; the record must stay well under a timer
 * read (aim: at most half), or recording, not the operation, would dominate short samples.
 */
import { do_not_optimize } from 'mitata';
import { calibrateClock, nowNs } from '../../src/measure/clock.ts';
import { initHdr } from '../../src/measure/hdr.ts';
import { LatencyRecorder } from '../../src/measure/recorder.ts';
import { FULL_LOOP, mitataAverageNs, nsPerIteration, QUICK_LOOP } from '../loop-timing.ts';
import { formatRatio, markdownTable, significant } from '../markdown.ts';
import type { BenchPart } from '../part.ts';

const RECORD_TO_TIMER_AIM = 0.5;

export const recordingPart: BenchPart = {
  name: 'recording',
  title: 'Recording: one sample against a timer read',
  inDefaultRun: true,
  async run({ quick, progress }) {
    await initHdr();
    const loop = quick ? QUICK_LOOP : FULL_LOOP;
    progress('calibrating the clock');
    const { timerCostNs, timerResolutionNs } = calibrateClock();
    const mitataTimerNs = await mitataAverageNs(() => do_not_optimize(nowNs()), quick);

    progress('timing LatencyRecorder.record');
    const recorder = new LatencyRecorder();
    let recordNs: number;
    let sampleNs: number;
    let mitataRecordNs: number;
    try {
      recordNs = nsPerIteration((n) => {
        for (let i = 0; i < n; i++) recorder.record(50 + (i & 1023));
      }, loop);
      // A sample as a loop timing consecutive operations takes it: one read, one record.
      sampleNs = nsPerIteration((n) => {
        let previous = nowNs();
        for (let i = 0; i < n; i++) {
          const current = nowNs();
          recorder.record(current - previous);
          previous = current;
        }
      }, loop);
      let input = 0;
      mitataRecordNs = await mitataAverageNs(() => recorder.record(50 + (input++ & 1023)), quick);
    } finally {
      recorder.destroy();
    }

    const recordRatio = recordNs / timerCostNs;
    const body = [
      markdownTable(['measurement', 'vmsoak', 'mitata', 'note'], [
        ['timer read `nowNs()` (`performance.now()`)', `${significant(timerCostNs)} ns`, `${significant(mitataTimerNs)} ns`, 'vmsoak: median of calibrateClock()'],
        ['timer resolution', `${significant(timerResolutionNs)} ns`, '–', 'smallest non-zero step seen'],
        ['`LatencyRecorder.record` alone', `${significant(recordNs)} ns`, `${significant(mitataRecordNs)} ns`, 'HDR, WASM mode'],
        ['one sample: timer read + record', `${significant(sampleNs)} ns`, '–', 'the loop a workload runs'],
        ['record ÷ timer read', formatRatio(recordRatio), formatRatio(mitataRecordNs / mitataTimerNs), `aim ≤ ${RECORD_TO_TIMER_AIM}×`],
        ['one sample ÷ timer read', formatRatio(sampleNs / timerCostNs), '–', 'what recording adds on top of timing'],
      ], [1, 2]),
      '',
      'The vmsoak column times a tight loop (median of rounds); the mitata column is mitata\'s',
      'mean for the same call in the same process, as an independent check of the vmsoak column.',
    ].join('\n');
    return {
      body,
      aims: [{
        figure: 'record ÷ timer read', aim: `≤ ${RECORD_TO_TIMER_AIM}×`, measured: formatRatio(recordRatio), met: recordRatio <= RECORD_TO_TIMER_AIM,
      }],
    };
  },
};
