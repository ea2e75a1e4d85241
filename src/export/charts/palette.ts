/**
 * Line colours: the Okabe-Ito palette, distinguishable with the common colour-vision
 * deficiencies, then dash patterns once the colours run out, so up to 24 series stay
 * apart. Reserved colours mark KPI targets.
 */

const COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'] as const;
const DASHES = [undefined, '6 3', '2 2'] as const;

export interface LineStyle {
  stroke: string;
  dash: string | undefined;
}

export function seriesStyle(index: number): LineStyle {
  return { stroke: COLOURS[index % COLOURS.length], dash: DASHES[Math.floor(index / COLOURS.length) % DASHES.length] };
}

/** A critical limit (the KPI that pages) and a goal (the KPI that warns). */
export const TARGET_STYLES: Readonly<Record<'critical' | 'warning', LineStyle>> = {
  critical: { stroke: '#cf222e', dash: '8 4' },
  warning: { stroke: '#9a6700', dash: '3 3' },
};
