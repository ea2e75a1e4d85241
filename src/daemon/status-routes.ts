/**
 * The status page's two routes: the page at `/` and its live part at `/status/live`, which
 * the page's script fetches to refresh itself. Both HTML in UTF-8 under the page's
 * Content-Security-Policy.
 */
import type { Route } from './http-server.ts';
import { STATUS_PAGE_CSP } from './status-page-assets.ts';
import { renderStatusFragment, renderStatusPage, type StatusPageModel } from './status-page.ts';

const HTML = 'text/html; charset=utf-8';
const HEADERS = { 'Content-Security-Policy': STATUS_PAGE_CSP, 'Referrer-Policy': 'no-referrer' };

export function statusRoutes(model: () => StatusPageModel): Array<[string, Route]> {
  return [
    ['/', () => ({ contentType: HTML, headers: HEADERS, body: renderStatusPage(model()) })],
    ['/status/live', () => ({ contentType: HTML, headers: HEADERS, body: renderStatusFragment(model()) })],
  ];
}
