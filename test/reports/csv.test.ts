import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csvField, renderCsv } from '../../src/export/reports/csv.ts';
import { suiteResultFixture } from './suite-result-fixture.ts';

/** A small RFC 4180 reader, so the test checks the round trip rather than the exact bytes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') { row.push(field); field = ''; } else if (char === '\r' && text[i + 1] === '\n') {
      row.push(field); rows.push(row); row = []; field = ''; i++;
    } else field += char;
  }
  assert.equal(field, '', 'the text must end with CRLF');
  return rows;
}

describe('renderCsv', () => {
  const fixture = suiteResultFixture();
  const rows = parseCsv(renderCsv(fixture));
  const [header, ...body] = rows;
  const column = (name: string) => header.indexOf(name);

  it('quotes fields holding commas, quotes and line breaks (RFC 4180)', () => {
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('two\nlines'), '"two\nlines"');
    assert.equal(csvField('plain'), 'plain');
    assert.equal(csvField(null), '');
    assert.equal(csvField(Number.NaN), '');
  });

  it('has one row per result, every row as wide as the header', () => {
    assert.equal(body.length, fixture.results.length);
    for (const row of body) assert.equal(row.length, header.length);
  });

  it('round-trips awkward text through quoting', () => {
    const failed = fixture.results.find((run) => run.status === 'failed')!;
    const row = body.find((cells) => cells[column('workload')] === failed.workload);
    assert.ok(row, 'the failed run has a row');
    assert.equal(row[column('error_message')], failed.error!.message);
    assert.equal(row[column('error_reason')], 'timeout');
  });

  it('carries the required columns and lists breached KPIs', () => {
    for (const name of ['workload', 'category', 'tier', 'threads', 'status', 'error_reason', 'ops', 'ops_per_second', 'mean_ns',
      'p50_ns', 'p90_ns', 'p99_ns', 'p999_ns', 'max_ns', 'cv', 'oversubscribed', 'suspect_dead_code', 'kpi_failures']) {
      assert.ok(column(name) >= 0, `missing column ${name}`);
    }
    const breaching = fixture.results.find((run) => run.kpis.some((kpi) => kpi.pass === false))!;
    const row = body.find((cells) => cells[column('workload')] === breaching.workload && cells[column('threads')] === String(breaching.threads))!;
    assert.equal(row[column('kpi_failures')], breaching.kpis.find((kpi) => kpi.pass === false)!.id);
    assert.equal(Number(row[column('max_ns')]), breaching.latencyNs.max);
  });
});
