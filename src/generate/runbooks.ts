/**
 * Where each alert's runbook lives: a section of docs/runbooks.md whose heading is the alert
 * name, so the anchor is the name in lower case (the slug GitHub and most Markdown
 * renderers give a heading).
 */
export const RUNBOOKS_FILE = 'docs/runbooks.md';

/**
 * The default base of runbook_url. Relative, because the repository's public URL is a
 * deployment fact; `vmsoak generate --runbook-base-url` writes absolute links for
 * Alertmanager.
 */
export const DEFAULT_RUNBOOK_BASE_URL = RUNBOOKS_FILE;

export function runbookAnchor(alert: string): string {
  return alert.toLowerCase();
}

export function runbookUrl(base: string, alert: string): string {
  return `${base}#${runbookAnchor(alert)}`;
}
