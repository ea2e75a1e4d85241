import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHistogram, encodeHistogram, initHdr, summarizeEncoded } from '../../src/measure/hdr.ts';
import { LatencyRecorder } from '../../src/measure/recorder.ts';

before(async () => {
  await initHdr();
});

function withRecorder(body: (recorder: LatencyRecorder) => void): void {
  const recorder = new LatencyRecorder();
  try {
    body(recorder);
  } finally {
    recorder.destroy();
  }
}

test('recordBatch counts operations and sums the exact time', () => {
  withRecorder((recorder) => {
    recorder.recordBatch(1000, 10);
    assert.equal(recorder.ops, 10);
    assert.equal(recorder.sumNs, 1000);
    const summary = summarizeEncoded(recorder.encode().raw);
    assert.equal(summary.count, 10);
    assert.equal(summary.p50, 100); // 1000 ns / 10 ops
    // The sum stays exact where the histogram value is rounded: 1001 / 10 -> 100.
    recorder.recordBatch(1001, 10);
    assert.equal(recorder.sumNs, 2001);
    assert.equal(recorder.ops, 20);
  });
});

test('record rounds to integer ns of at least 1 but sums the exact value', () => {
  withRecorder((recorder) => {
    recorder.record(0.25);
    recorder.record(41.6);
    assert.equal(recorder.ops, 2);
    assert.equal(recorder.sumNs, 41.85);
    const summary = summarizeEncoded(recorder.encode().raw);
    assert.equal(summary.min, 1);
    assert.equal(summary.max, 42);
  });
});

test('coordinated-omission correction fills only the corrected histogram', () => {
  withRecorder((recorder) => {
    recorder.record(50);
    // 1000 ns with an expected interval of 100 ns: 9 missed operations of 900, 800 ... 100 ns.
    recorder.recordWithExpectedInterval(1000, 100);
    assert.equal(recorder.ops, 2);
    assert.equal(recorder.sumNs, 1050);
    const { raw, corrected } = recorder.encode();
    const rawSummary = summarizeEncoded(raw);
    const correctedSummary = summarizeEncoded(corrected);
    assert.equal(rawSummary.count, 2);
    assert.equal(rawSummary.max, 1000);
    assert.equal(correctedSummary.count, 2 + 9);
    assert.ok(correctedSummary.count > rawSummary.count);
    assert.equal(correctedSummary.max, 1000);

    // The same data through HdrHistogram's own at-recording correction.
    const reference = createHistogram();
    try {
      reference.recordValue(50);
      reference.recordValueWithExpectedInterval(1000, 100);
      const expected = summarizeEncoded(encodeHistogram(reference));
      assert.deepEqual(correctedSummary, expected);
    } finally {
      reference.destroy();
    }
  });
});

test('no correction when the value is within the interval', () => {
  withRecorder((recorder) => {
    recorder.recordWithExpectedInterval(80, 100);
    recorder.recordWithExpectedInterval(100, 100);
    const { raw, corrected } = recorder.encode();
    assert.equal(summarizeEncoded(corrected).count, 2);
    assert.equal(corrected, raw);
  });
});

test('reset forgets warm-up data; destroy is idempotent', () => {
  const recorder = new LatencyRecorder();
  recorder.record(5);
  recorder.recordWithExpectedInterval(10_000, 10);
  recorder.reset();
  assert.equal(recorder.ops, 0);
  assert.equal(recorder.sumNs, 0);
  recorder.record(7);
  const { raw, corrected } = recorder.encode();
  assert.equal(summarizeEncoded(raw).count, 1);
  assert.equal(summarizeEncoded(corrected).count, 1);
  recorder.destroy();
  recorder.destroy();
});
