/**
 * The few SVG building blocks the charts share: escaping, elements with attributes, and
 * the root element. Every text that reaches the markup goes through escapeXml, whether
 * it came from the catalog, the config or a result, so a workload named `<script>` is
 * shown, not run.
 */

const XML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\'': '&#39;' };

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => XML_ESCAPES[char]);
}

export type Attributes = Readonly<Record<string, string | number | undefined>>;

/** Coordinates to 2 decimals: sub-pixel enough, and a third of the bytes of full doubles. */
export function coordinate(value: number): string {
  return String(Math.round(value * 100) / 100);
}

function attributeText(attributes: Attributes): string {
  let text = '';
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined) continue;
    text += ` ${name}="${escapeXml(typeof value === 'number' ? coordinate(value) : value)}"`;
  }
  return text;
}

/** An element whose children are already markup; an element without children is self-closed. */
export function element(name: string, attributes: Attributes, ...children: string[]): string {
  const content = children.join('');
  return content === '' ? `<${name}${attributeText(attributes)}/>` : `<${name}${attributeText(attributes)}>${content}</${name}>`;
}

/** A <text> element; `content` is plain text and is escaped here. */
export function textElement(attributes: Attributes, content: string): string {
  return `<text${attributeText(attributes)}>${escapeXml(content)}</text>`;
}

export interface SvgRootOptions {
  width: number;
  height: number;
  /** The accessible name, also shown as the chart's heading. */
  title: string;
  /** A longer accessible description. */
  description?: string;
  /** Unique within the page that embeds several charts; used for aria references. */
  id: string;
}

/**
 * The root <svg>, sized by viewBox so it scales with its container. Presentation
 * attributes only, no `style` attributes: a page with a strict Content-Security-Policy
 * can inline it.
 */
export function svgRoot(options: SvgRootOptions, body: readonly string[]): string {
  const titleId = `${options.id}-title`;
  const descId = `${options.id}-desc`;
  return element('svg', {
    xmlns: 'http://www.w3.org/2000/svg', id: options.id, viewBox: `0 0 ${options.width} ${options.height}`,
    width: options.width, height: options.height, role: 'img',
    'aria-labelledby': options.description === undefined ? titleId : `${titleId} ${descId}`,
    'font-family': 'system-ui, sans-serif', 'font-size': 11, fill: '#222',
  },
  textElement({ id: titleId, x: options.width / 2, y: 16, 'text-anchor': 'middle', 'font-size': 13, 'font-weight': 'bold' }, options.title),
  options.description === undefined ? '' : element('desc', { id: descId }, escapeXml(options.description)),
  ...body);
}
