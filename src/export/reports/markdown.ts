/**
 * `report.md`, `once --format markdown` and `/api/report`: the report model (environment
 * and fingerprint, verdict, change against a baseline, KPIs, fastest and slowest, change
 * points, failed runs, a results table per category) in GitHub-flavoured Markdown.
 */
import type { SuiteResult } from '../../model/result.ts';
import { buildReport, type ReportExtras, type ReportTable, type Span } from './report-model.ts';

/** Text safe inside a table cell: pipes escaped, line breaks kept as <br>, no stray HTML. */
export function markdownCell(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
    .replaceAll('|', '\\|').replace(/\r?\n/g, '<br>');
}

function span(part: Span): string {
  if (typeof part === 'string') return markdownCell(part);
  // Code spans show their content literally, so only the pipe (table syntax) is escaped.
  if (part.code) return `\`${part.text.replaceAll('`', '\'').replaceAll('|', '\\|')}\``;
  if (part.strong) return `**${markdownCell(part.text)}**`;
  // Greyed in HTML; Markdown has no grey, so italics mark it (a run that was not judged, an environment change).
  return part.tone === 'muted' ? `_${markdownCell(part.text)}_` : markdownCell(part.text);
}

function table({ header, rows, numeric = new Set() }: ReportTable): string[] {
  const rule = header.map((_, column) => (numeric.has(column) ? '---:' : '---'));
  return [header.map(markdownCell), rule, ...rows.map((row) => row.map(span))].map((row) => `| ${row.join(' | ')} |`);
}

export function renderMarkdown(result: SuiteResult, extras: ReportExtras = {}): string {
  const model = buildReport(result, extras);
  const lines: string[] = [`# ${model.title}`, ''];
  lines.push(...table({ header: ['', ''], rows: model.environment.map(([key, value]) => [key, value]) }));
  lines.push('', model.summary.map(span).join(''), '');
  for (const section of model.sections) {
    lines.push(`${'#'.repeat(section.level)} ${markdownCell(section.title)}`, '');
    for (const paragraph of section.paragraphs) lines.push(paragraph.map(span).join(''), '');
    if (section.table !== undefined) lines.push(...table(section.table), '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
