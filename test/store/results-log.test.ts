import assert from 'node:assert/strict';
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { UsageError } from '../../src/errors.ts';
import { readResultsLog, ResultsLog, resultsLogPath } from '../../src/store/results-log.ts';
import { failedRun, okRun } from '../export/run-fixture.ts';

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'vmsoak-log-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function freshLog(name: string): Promise<ResultsLog> {
  const { log } = await ResultsLog.open(resultsLogPath(path.join(dir, name)));
  return log;
}

describe('results log', () => {
  it('reads back what was appended, in order, histograms included', async () => {
    const log = await freshLog('roundtrip');
    const results = [await okRun(), failedRun('timeout'), await okRun({ threads: 2 })];
    await Promise.all(results.map((result) => log.append(result)));
    const read = await readResultsLog(log.file);
    assert.equal(read.tornLastLine, false);
    assert.deepEqual(read.results, results);
    assert.equal((await readFile(log.file, 'utf8')).split('\n').length, results.length + 1);
  });

  it('treats a missing file as an empty log', async () => {
    assert.deepEqual(await readResultsLog(path.join(dir, 'nowhere', 'results.jsonl')), { results: [], tornLastLine: false });
  });

  it('skips a torn last line and says so; reopening cuts it so the next append stays readable', async () => {
    const log = await freshLog('torn');
    const first = await okRun();
    await log.append(first);
    const whole = JSON.stringify(await okRun({ threads: 2 }));
    await appendFile(log.file, whole.slice(0, Math.floor(whole.length / 2)));

    const torn = await readResultsLog(log.file);
    assert.equal(torn.tornLastLine, true);
    assert.deepEqual(torn.results, [first]);

    const { log: reopened, cutBytes } = await ResultsLog.open(log.file);
    assert.equal(cutBytes, Math.floor(whole.length / 2));
    const next = failedRun('exit');
    await reopened.append(next);
    const repaired = await readResultsLog(log.file);
    assert.equal(repaired.tornLastLine, false);
    assert.deepEqual(repaired.results, [first, next]);
  });

  it('keeps a complete last line that only lacks its newline', async () => {
    const file = path.join(dir, 'no-newline', 'results.jsonl');
    const first = await okRun();
    const log = await freshLog('no-newline');
    await writeFile(file, JSON.stringify(first));
    const { cutBytes } = await ResultsLog.open(file);
    assert.equal(cutBytes, 0);
    const second = failedRun('error');
    await log.append(second);
    assert.deepEqual((await readResultsLog(file)).results, [first, second]);
  });

  it('refuses a damaged line in the middle, naming it', async () => {
    const log = await freshLog('damaged');
    await log.append(await okRun());
    await appendFile(log.file, '{"not":"a result"}\n');
    await log.append(await okRun());
    await assert.rejects(readResultsLog(log.file), (error: unknown) => error instanceof UsageError && /line 2/.test(error.message));
  });

  it('keeps appending after a failed append', async () => {
    const log = await freshLog('continues');
    const circular = { ...(await okRun()) } as Record<string, unknown>;
    circular.self = circular;
    await assert.rejects(log.append(circular as never));
    const ok = await okRun();
    await log.append(ok);
    await log.flush();
    assert.deepEqual((await readResultsLog(log.file)).results, [ok]);
  });
});
