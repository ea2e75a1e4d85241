import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { labelledSamples, sumByLabel, valuesByLabels } from '../../bench/metric-values.ts';

const EXPOSITION = [
  '# HELP changes_total Change points.',
  '# TYPE changes_total counter',
  'changes_total{workload="a",threads="1",cause="runtime"} 2',
  'changes_total{workload="b",threads="1",cause="environment"} 3',
  'changes_total{workload="a",threads="2",cause="environment"} 1',
  '# HELP never_total Declared, never counted.',
  '# TYPE never_total counter',
  '# HELP breached A KPI state.',
  '# TYPE breached gauge',
  'breached{kpi="k1",workload="a",threads="1",severity="warning"} 1',
  'breached{kpi="k2",workload="a",threads="1",severity="critical"} 0',
  '',
].join('\n');

describe('labelled samples of a scrape', () => {
  const families = labelledSamples(EXPOSITION);

  it('tells a family declared without samples from one not exported at all', () => {
    assert.deepEqual(families.get('never_total'), []);
    assert.equal(families.has('absent_total'), false);
  });

  it('sums a counter by one label', () => {
    assert.deepEqual([...sumByLabel(families.get('changes_total')!, 'cause')], [['runtime', 2], ['environment', 4]]);
  });

  it('keys each sample by the identifying labels only', () => {
    assert.deepEqual([...valuesByLabels(families.get('breached')!, ['kpi', 'workload', 'threads'])], [['k1 a 1', 1], ['k2 a 1', 0]]);
  });
});
