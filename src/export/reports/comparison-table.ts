/**
 * The terminal view of a comparison against a baseline: one aligned row per workload ×
 * threads with its verdict, the change of each statistic and the adjusted p-value, then a
 * summary line. Colour only when asked for (the CLI asks on a TTY).
 */
import { styleText } from 'node:util';
import type { ComparisonReport } from '../../analysis/baseline-comparison.ts';
import { describeDifferences } from '../../analysis/fingerprint.ts';
import type { SeriesComparison } from '../../analysis/matrix-comparison.ts';
import { changeCell, formatPValue } from './report-model.ts';
import { alignColumns, type Cell } from './text-table.ts';
import { MISSING } from './units.ts';

const VERDICT_TEXT: Readonly<Record<SeriesComparison['verdict'], string>> = {
  regressed: 'REGRESSED', improved: 'improved', unchanged: 'unchanged', noisy: 'noisy', incomparable: 'incomparable',
};

type Style = 'red' | 'yellow' | 'green' | 'dim';

export function renderComparisonTable(report: ComparisonReport, options: { color?: boolean } = {}): string {
  const paint = (style: Style | undefined, text: string): Cell => ({
    text, paint: options.color && style !== undefined ? (padded) => styleText(style, padded, { validateStream: false }) : undefined,
  });
  const rows = [...report.series]
    .sort((a, b) => a.workload.localeCompare(b.workload) || a.threads - b.threads)
    .map((series) => {
      const label = series.verdict === 'regressed' ? `${VERDICT_TEXT.regressed} (${series.severity})` : VERDICT_TEXT[series.verdict];
      const style: Style | undefined = series.verdict === 'regressed' ? (series.severity === 'critical' ? 'red' : 'yellow')
        : series.verdict === 'improved' ? 'green' : series.verdict === 'unchanged' ? undefined : 'dim';
      const change = (statistic: string) => {
        const found = series.changes.find((c) => c.statistic === statistic);
        return found === undefined ? MISSING : changeCell(found);
      };
      return [
        series.workload, String(series.threads), paint(style, label),
        change('mean'), change('p50'), change('p99'), change('max'), change('opsPerSecond'),
        formatPValue(series.adjustedPValue), series.reason ?? '',
      ];
    });
  const against = report.against.name === 'rolling' ? 'the rolling baseline' : `baseline ${report.against.name} (${report.against.createdAt})`;
  const lines = [`compared with ${against}`, ''];
  if (report.fingerprintDifferences.length > 0) lines.push(`fingerprint differs: ${describeDifferences(report.fingerprintDifferences)}`, '');
  lines.push(...alignColumns(
    ['WORKLOAD', 'THREADS', 'VERDICT', 'MEAN', 'P50', 'P99', 'MAX', 'OPS/S', 'P (ADJ.)', 'NOTE'],
    rows, ['left', 'right', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'left'],
  ));
  const { summary } = report;
  lines.push('', `${summary.series} series: ${summary.regressed} regressed (${summary.critical} critical), ${summary.improved} improved, `
    + `${summary.unchanged} unchanged, ${summary.noisy} noisy, ${summary.incomparable} incomparable`);
  return `${lines.join('\n')}\n`;
}
