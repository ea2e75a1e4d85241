/**
 * The status page's only stylesheet and script, both inline (the page loads nothing from
 * anywhere), and the Content-Security-Policy that allows exactly these two by their
 * SHA-256 hashes: no other inline code, no eval, no external resource, and network access
 * only back to the daemon (`connect-src 'self'`) for the refresh.
 */
import { createHash } from 'node:crypto';

/** How often the page fetches its live part. */
export const REFRESH_MS = 5000;

export const STATUS_STYLE = `
body{font-family:system-ui,sans-serif;margin:1.5em 2em;color:#222;max-width:1400px}
table{border-collapse:collapse;margin:.6em 0 1.2em}
th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left;font-variant-numeric:tabular-nums}
th{background:#f4f4f4}
.pass{color:#1a7f37}.fail{color:#cf222e;font-weight:bold}.unknown{color:#9a6700}
tr.kpi-fail td{background:#ffebe9}
.verdict{display:inline-block;min-width:3.2em;text-align:center;border-radius:3px;padding:0 .3em;font-weight:bold}
.verdict.pass{background:#dafbe1}.verdict.fail{background:#cf222e;color:#fff}.verdict.unknown{background:#fff8c5}
.banner{padding:.5em .8em;border-radius:4px;margin:.6em 0;font-weight:bold}
.banner.fail{background:#ffebe9;border:1px solid #cf222e}.banner.pass{background:#dafbe1;border:1px solid #1a7f37;color:#1a7f37}
.banner.unknown{background:#fff8c5;border:1px solid #9a6700}
.charts{display:flex;flex-wrap:wrap;gap:1em}
.charts svg{max-width:100%;height:auto;border:1px solid #eee}
nav a{margin-right:1em}
#refresh-state{color:#777;font-size:.9em}#refresh-state.fail{color:#cf222e}`;

/**
 * Replaces #live with a fresh render of `status/live` every REFRESH_MS (the page's own
 * data-refresh-ms), so the page updates without a reload and keeps its scroll position.
 * A failed fetch says so on the page and tries again at the next tick.
 */
export const STATUS_SCRIPT = `
(() => {
  const live = document.getElementById('live');
  const state = document.getElementById('refresh-state');
  const every = Number(live.dataset.refreshMs) || ${REFRESH_MS};
  let refreshes = 0;
  const refresh = async () => {
    try {
      const response = await fetch('status/live', { cache: 'no-store', headers: { Accept: 'text/html' } });
      if (!response.ok) throw new Error('HTTP ' + response.status);
      live.innerHTML = await response.text();
      refreshes += 1;
      live.dataset.refreshes = String(refreshes);
      state.textContent = 'updated ' + new Date().toLocaleTimeString();
      state.className = '';
    } catch (error) {
      state.textContent = 'refresh failed (' + error.message + '), retrying';
      state.className = 'fail';
    } finally {
      setTimeout(refresh, every);
    }
  };
  setTimeout(refresh, every);
})();`;

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

export const STATUS_PAGE_CSP = [
  'default-src \'none\'',
  `script-src ${sha256(STATUS_SCRIPT)}`,
  `style-src ${sha256(STATUS_STYLE)}`,
  'connect-src \'self\'',
  // The empty data: favicon keeps the browser from asking /favicon.ico (a 404).
  'img-src data:',
  'base-uri \'none\'',
  'form-action \'none\'',
  'frame-ancestors \'none\'',
].join('; ');
