/** Aligns cells into columns for terminals; colour is applied after padding so it cannot skew widths. */

export interface Cell {
  text: string;
  /** Wraps the padded text, e.g. in ANSI colour codes. */
  paint?: (padded: string) => string;
}

export type Align = 'left' | 'right';

function width(text: string): number {
  // Code points, not UTF-16 units; the units and marks used here are all one column wide.
  return [...text].length;
}

function pad(text: string, size: number, align: Align): string {
  const fill = ' '.repeat(Math.max(0, size - width(text)));
  return align === 'right' ? fill + text : text + fill;
}

export function alignColumns(header: readonly string[], rows: readonly (readonly (string | Cell)[])[], align: readonly Align[]): string[] {
  const cells = rows.map((row) => row.map((cell) => (typeof cell === 'string' ? { text: cell } : cell)));
  const widths = header.map((title, column) => Math.max(width(title), ...cells.map((row) => width(row[column]?.text ?? ''))));
  const last = header.length - 1;
  const line = (row: readonly Cell[]) => row
    .map((cell, column) => {
      // The last column is not padded, so lines carry no trailing blanks.
      const padded = column === last && align[column] !== 'right' ? cell.text : pad(cell.text, widths[column], align[column] ?? 'left');
      return cell.paint ? cell.paint(padded) : padded;
    })
    .join('  ')
    .trimEnd();
  return [line(header.map((text) => ({ text }))), ...cells.map(line)];
}
