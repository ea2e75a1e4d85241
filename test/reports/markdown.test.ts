import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { markdownCell, renderMarkdown } from '../../src/export/reports/markdown.ts';
import { suiteResultFixture } from './suite-result-fixture.ts';

describe('renderMarkdown', () => {
  const fixture = suiteResultFixture();
  const text = renderMarkdown(fixture);
  const breach = fixture.results.flatMap((run) => run.kpis).find((kpi) => kpi.pass === false)!;
  const pass = fixture.results.flatMap((run) => run.kpis).find((kpi) => kpi.pass === true)!;

  it('lists the breached KPI, before the passing ones', () => {
    const breachLine = text.split('\n').findIndex((line) => line.includes(breach.id));
    const passLine = text.split('\n').findIndex((line) => line.includes(pass.id));
    assert.ok(breachLine >= 0, 'breach listed');
    assert.match(text.split('\n')[breachLine], /FAIL/);
    assert.ok(breachLine < passLine, 'breaches come first');
  });

  it('has the environment header', () => {
    for (const value of [fixture.vmsoak, fixture.node, String(fixture.cpus), '33.4 ns']) assert.ok(text.includes(value), `missing ${value}`);
  });

  it('has a table per category and the failed run with its reason', () => {
    for (const category of new Set(fixture.results.map((run) => run.category))) assert.ok(text.includes(`### ${category}\n`));
    assert.match(text, /## Failed runs/);
    const failedLine = text.split('\n').find((line) => line.includes('| timeout |'));
    assert.ok(failedLine?.includes('run exceeded 60s,<br>terminated \\| "killed"'), failedLine);
  });

  it('keeps every table row to one line with the same number of cells as its header', () => {
    const tableLines = text.split('\n').filter((line) => line.startsWith('|'));
    const cellsOf = (line: string) => line.replaceAll('\\|', '').split('|').length;
    for (let i = 1; i < tableLines.length; i++) {
      if (text.includes(`${tableLines[i - 1]}\n${tableLines[i]}`)) assert.equal(cellsOf(tableLines[i]), cellsOf(tableLines[i - 1]), tableLines[i]);
    }
  });

  it('escapes table syntax and HTML in cells', () => {
    assert.equal(markdownCell('a|b\n<c>'), 'a\\|b<br>&lt;c&gt;');
  });
});
