import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readResultsLog, ResultsLog, resultsLogPath } from '../../src/store/results-log.ts';
import { okRun } from '../export/run-fixture.ts';

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'vmsoak-retention-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const DAY = 86_400_000;
const NOW = Date.parse('2026-06-30T12:00:00Z');

async function logWithDays(name: string, daysAgo: readonly number[]) {
  const { log } = await ResultsLog.open(resultsLogPath(path.join(dir, name)));
  const runs = [];
  for (const [index, age] of daysAgo.entries()) {
    const run = { ...(await okRun({ threads: index + 1 })), startedAt: new Date(NOW - age * DAY).toISOString() };
    runs.push(run);
    await log.append(run);
  }
  return { log, runs };
}

describe('results log retention', () => {
  it('drops the lines older than the age limit and keeps the rest, in order', async () => {
    const { log, runs } = await logWithDays('age', [40, 35, 20, 3, 1]);
    const result = await log.compact({ maxAgeMs: 30 * DAY, maxBytes: 1e9, now: NOW });
    assert.equal(result.droppedLines, 2);
    const read = await readResultsLog(log.file);
    assert.deepEqual(read.results, runs.slice(2));
    assert.equal(read.tornLastLine, false);
  });

  it('drops the oldest lines until the file fits the size limit, at a line boundary', async () => {
    const { log, runs } = await logWithDays('size', [5, 4, 3, 2, 1]);
    const lines = (await readFile(log.file, 'utf8')).split('\n').filter(Boolean);
    const lastTwo = Buffer.byteLength(`${lines[3]}\n${lines[4]}\n`);
    await log.compact({ maxAgeMs: 30 * DAY, maxBytes: lastTwo + 10, now: NOW });
    assert.ok((await stat(log.file)).size <= lastTwo + 10);
    assert.deepEqual((await readResultsLog(log.file)).results, runs.slice(3));
  });

  it('leaves a log within both limits untouched, and appends after compaction stay readable', async () => {
    const { log, runs } = await logWithDays('within', [2, 1]);
    const before = await readFile(log.file, 'utf8');
    assert.deepEqual(await log.compact({ maxAgeMs: 30 * DAY, maxBytes: 1e9, now: NOW }), { droppedLines: 0, droppedBytes: 0 });
    assert.equal(await readFile(log.file, 'utf8'), before);
    await log.compact({ maxAgeMs: 1.5 * DAY, maxBytes: 1e9, now: NOW });
    const extra = { ...(await okRun({ threads: 9 })), startedAt: new Date(NOW).toISOString() };
    await log.append(extra);
    assert.deepEqual((await readResultsLog(log.file)).results, [runs[1], extra]);
  });

  it('a missing log is nothing to compact', async () => {
    const { log } = await ResultsLog.open(resultsLogPath(path.join(dir, 'empty')));
    assert.deepEqual(await log.compact({ maxAgeMs: DAY, maxBytes: 10 }), { droppedLines: 0, droppedBytes: 0 });
    await writeFile(path.join(dir, 'unused'), '');
  });
});
