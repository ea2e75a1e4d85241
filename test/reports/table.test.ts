import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderTable } from '../../src/export/reports/table.ts';
import { formatCount, formatKpiValue, formatNs } from '../../src/export/reports/units.ts';
import { suiteResultFixture } from './suite-result-fixture.ts';

describe('units', () => {
  it('scales nanoseconds to ns, µs, ms and s', () => {
    assert.deepEqual([8.25, 140.7, 1_234, 999_960, 12_345_678, 4.5e9].map(formatNs), ['8.25 ns', '141 ns', '1.23 µs', '1 ms', '12.3 ms', '4.5 s']);
  });

  it('scales counts and formats KPI units', () => {
    assert.deepEqual([950, 12_345, 4_560_000].map(formatCount), ['950', '12.3k', '4.56M']);
    assert.equal(formatKpiValue(0.953, 'ratio'), '95.3%');
    assert.equal(formatKpiValue(3.14159, 'factor'), '3.14x');
    assert.equal(formatKpiValue(null, 'ns'), '–');
  });
});

describe('renderTable', () => {
  const fixture = suiteResultFixture();
  const plain = renderTable(fixture);
  const lines = plain.split('\n');

  it('shows latencies in scaled units', () => {
    const row = lines.find((line) => line.startsWith('contention.atomic-add') && /\b4\b/.test(line.slice(20, 32)))!;
    assert.ok(row, plain);
    for (const value of ['141 ns', '120 ns', '1 ms', '1.5 ms', '12.3 ms']) assert.ok(row.includes(value), `${value} missing in ${row}`);
  });

  it('aligns the columns: every header title starts where its cells start', () => {
    const header = lines.find((line) => line.startsWith('WORKLOAD'))!;
    const body = lines.slice(lines.indexOf(header) + 1, lines.indexOf(header) + 1 + fixture.results.length);
    const threadsEnd = header.indexOf('THREADS') + 'THREADS'.length;
    for (const line of body) assert.match(line.slice(threadsEnd - 1, threadsEnd), /\d/, `right-aligned threads: ${line}`);
  });

  it('marks KPIs PASS, FAIL and N/A, breaches first', () => {
    const kpiLines = lines.filter((line) => /^(PASS|FAIL|N\/A)\b/.test(line));
    assert.deepEqual(kpiLines.map((line) => line.split(' ')[0]), ['FAIL', 'N/A', 'PASS']);
  });

  it('has no colour codes unless asked, and colour when asked', () => {
    // eslint-disable-next-line no-control-regex
    const escape = /\u001b\[/;
    assert.doesNotMatch(plain, escape);
    assert.match(renderTable(fixture, { color: true }), escape);
  });

  it('keeps a failed run on one line with its reason', () => {
    const failed = lines.find((line) => line.includes('FAILED'));
    assert.ok(failed?.includes('timeout: run exceeded 60s, terminated'), failed);
  });
});
