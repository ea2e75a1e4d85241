import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Histogram, HistogramLogReader, listTags } from 'hdr-histogram-js';
import { decodeHistogram } from '../../src/measure/hdr.ts';
import { HDR_LOG_DIRECTORY, HdrIntervalLog, intervalLogFile } from '../../src/store/hdr-interval-log.ts';
import { failedRun, okRun } from '../export/run-fixture.ts';

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'vmsoak-hlog-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('HDR interval log', () => {
  it('writes HistogramLogWriter v1.3 that hdr-histogram-js\'s reader reads back exactly', async () => {
    const log = new HdrIntervalLog(dir);
    const now = new Date('2026-06-30T10:00:00Z');
    // A count past 2^31 in one bucket as well: the JS-mode reader must keep it.
    const runs = [
      { ...(await okRun({ threads: 1 })), startedAt: '2026-06-30T09:59:00.000Z' },
      { ...(await okRun({ threads: 2, recorded: [[9, 3_000_000_000], [40, 5]] })), startedAt: '2026-06-30T09:59:30.000Z' },
    ];
    for (const run of runs) await log.append(run, now);
    await log.append(failedRun('timeout'), now); // no histogram, no line
    const text = await readFile(intervalLogFile(dir, now), 'utf8');

    assert.match(text, /^#\[Histogram log format version 1\.3\]$/m);
    assert.match(text, /^#\[StartTime: 1782813600\.000 \(seconds since epoch\), /m);
    assert.match(text, /^"StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram"$/m);
    assert.deepEqual(listTags(text).sort(), ['contention.fixture@1', 'contention.fixture@1/corrected', 'contention.fixture@2', 'contention.fixture@2/corrected']);

    const reader = new HistogramLogReader(text, 64);
    const read: Histogram[] = [];
    for (let histogram = reader.nextIntervalHistogram(); histogram !== null; histogram = reader.nextIntervalHistogram()) read.push(histogram);
    assert.equal(read.length, 4);
    for (const [index, run] of runs.entries()) {
      const raw = read[index * 2];
      const expected = decodeHistogram(run.histogram as string);
      assert.equal(raw.tag, `${run.workload}@${run.threads}`);
      assert.equal(raw.totalCount, expected.totalCount);
      for (const percentile of [50, 99, 100]) assert.equal(raw.getValueAtPercentile(percentile), expected.getValueAtPercentile(percentile));
      assert.equal(raw.startTimeStampMsec, Date.parse(run.startedAt), 'absolute start time');
      assert.equal(raw.endTimeStampMsec - raw.startTimeStampMsec, run.durationSeconds * 1000);
    }
  });

  it('a second append the same day adds lines without a second header', async () => {
    const log = new HdrIntervalLog(dir);
    const now = new Date('2026-07-01T00:00:01Z');
    await log.append(await okRun(), now);
    await log.append(await okRun({ threads: 2 }), now);
    const text = await readFile(intervalLogFile(dir, now), 'utf8');
    assert.equal(text.match(/format version/g)?.length, 1);
    assert.equal(text.split('\n').filter((line) => line.startsWith('Tag=')).length, 4);
  });

  it('prunes day files by age, then the oldest by size, never today\'s', async () => {
    const directory = path.join(dir, 'prune', HDR_LOG_DIRECTORY);
    await mkdir(directory, { recursive: true });
    for (const day of ['2026-05-01', '2026-06-20', '2026-06-28', '2026-06-30']) await writeFile(path.join(directory, `${day}.hlog`), 'x'.repeat(100));
    await writeFile(path.join(directory, 'notes.txt'), 'not a log');
    const log = new HdrIntervalLog(path.join(dir, 'prune'));
    const deleted = await log.prune({ maxAgeMs: 30 * 86_400_000, maxBytes: 250, now: Date.parse('2026-06-30T12:00:00Z') });
    assert.deepEqual(deleted.map((file) => path.basename(file)), ['2026-05-01.hlog', '2026-06-20.hlog']);
    assert.deepEqual((await readdir(directory)).sort(), ['2026-06-28.hlog', '2026-06-30.hlog', 'notes.txt']);
  });
});
