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
body{font-family:system-ui,sans-serif;margin:.8em 1.5em;color:#222;max-width:1400px;font-size:14px}
header{display:flex;flex-wrap:wrap;align-items:baseline;gap:.3em 1.2em}
h1{margin:0;font-size:1.6em}h2{font-size:1.15em;margin:.7em 0 .3em}h2 small{font-weight:normal;color:#555;font-size:.8em;margin-left:.5em}
.about{margin:0;color:#555}
table{border-collapse:collapse;margin:.4em 0 1em}
th,td{border:1px solid #ccc;padding:.2em .5em;text-align:left;font-variant-numeric:tabular-nums}
th{background:#f4f4f4}
.pass{color:#1a7f37}.fail{color:#cf222e;font-weight:bold}.unknown{color:#9a6700}.muted{color:#777}
#next-pass{list-style:none;padding:.35em .7em;margin:.5em 0;background:#f6f8fa;border:1px solid #d0d7de;border-radius:4px;display:flex;flex-wrap:wrap;gap:.2em 1.5em}
#next-pass li[data-state=running]{color:#0969da}
.headline{margin:.2em 0 .4em;padding:.3em .7em;border-radius:4px;font-weight:bold;display:inline-block}
#health-grid{margin:.2em 0 .3em}
#health-grid th,#health-grid td{text-align:center;padding:0;min-width:5.2em}
#health-grid th[scope=row]{min-width:3.5em}
#health-grid td a{display:block;padding:.15em .4em;color:inherit;text-decoration:none;font-weight:bold}
#health-grid td a:hover{outline:2px solid #0969da;outline-offset:-2px}
#health-grid small{font-weight:normal;opacity:.85}
.legend{margin:.1em 0;color:#555;font-size:.85em}.legend span{padding:0 .3em;border-radius:3px}
.h-failed{background:#82071e;color:#fff}.h-breached{background:#cf222e;color:#fff}
.h-disturbed{background:#ffd33d;color:#3b2300}.h-oversubscribed{background:#ddf4ff;color:#0a3069}
.h-pass{background:#dafbe1;color:#116329}.h-none{background:#fafafa;color:#bbb}
.glance{display:flex;flex-wrap:wrap;gap:0 1.5em;align-items:flex-start}
#breaches{flex:1 1 24em;min-width:0}
#breach-list{list-style:none;margin:0;padding:0;max-height:318px;overflow:auto;border:1px solid #d0d7de;border-radius:4px}
#breach-list li{padding:.3em .6em;border-bottom:1px solid #eee;border-left:4px solid #cf222e}
#breach-list li.b-failed{border-left-color:#82071e}
#breach-list li.b-not-counted{border-left-color:#bbb;color:#777}
#breach-list .why{font-size:.85em;color:#555}
.sev{font-size:.8em;padding:0 .3em;border-radius:3px;background:#eee}.sev.critical{background:#ffebe9;color:#cf222e}
tr.kpi-fail td{background:#ffebe9}
tr.not-judged td{color:#777;background:#f6f6f6}
tr.kpi-fail.not-judged td{background:#fbf3f2}
td.s-failed{color:#82071e;font-weight:bold}td.s-disturbed{color:#7d4e00}td.s-oversubscribed{color:#0a3069}
#results tbody{border-top:2px solid #999}#results,#kpis{font-size:.92em}.wide{overflow-x:auto}#results td{white-space:nowrap}#results td.wrap{white-space:normal}
tbody:target td{background:#fff8c5}
.verdict{display:inline-block;min-width:3.2em;text-align:center;border-radius:3px;padding:0 .3em;font-weight:bold}
.verdict.pass{background:#dafbe1}.verdict.fail{background:#cf222e;color:#fff}.verdict.unknown{background:#fff8c5}
summary{cursor:pointer}summary h2{display:inline;margin-right:.5em}
.js-only{display:none}.js .js-only{display:block}
#kpi-filter{width:24em;padding:.2em .4em}
.charts{display:flex;flex-wrap:wrap;gap:1em}
.charts svg{max-width:100%;height:auto;border:1px solid #eee}
nav a{margin-right:1em}
#refresh-state{color:#777;font-size:.9em}#refresh-state.fail{color:#cf222e}`;

/**
 * Replaces #live with a fresh render of `status/live` every REFRESH_MS (the page's own
 * data-refresh-ms), so the page updates without a reload and keeps its scroll position.
 * What the reader did inside #live survives the swap: which <details> are open, what is
 * typed in the KPI filter (and the caret, if it has the focus), and the filter's effect.
 * A failed fetch says so on the page and tries again at the next tick.
 */
export const STATUS_SCRIPT = `
(() => {
  document.documentElement.classList.add('js');
  const live = document.getElementById('live');
  const state = document.getElementById('refresh-state');
  const every = Number(live.dataset.refreshMs) || ${REFRESH_MS};
  let refreshes = 0;
  const applyFilter = () => {
    const input = document.getElementById('kpi-filter');
    const table = document.getElementById('kpis');
    if (!input || !table) return;
    const words = input.value.toLowerCase().split(/\\s+/).filter(Boolean);
    const rows = Array.from(table.tBodies[0].rows);
    let shown = 0;
    for (const row of rows) {
      const text = row.textContent.toLowerCase();
      row.hidden = !words.every((word) => text.includes(word));
      if (!row.hidden) shown += 1;
    }
    document.getElementById('kpi-filter-count').textContent = words.length > 0 ? shown + ' of ' + rows.length + ' shown' : '';
  };
  const capture = () => {
    const active = document.activeElement;
    const focused = active && active.id && live.contains(active) ? active : null;
    return {
      open: Array.from(live.querySelectorAll('details[id]')).filter((node) => node.open).map((node) => node.id),
      values: Array.from(live.querySelectorAll('input[id]')).map((node) => [node.id, node.value]),
      focus: focused && { id: focused.id, start: focused.selectionStart, end: focused.selectionEnd },
    };
  };
  const restore = (saved) => {
    for (const id of saved.open) {
      const node = document.getElementById(id);
      if (node) node.open = true;
    }
    for (const [id, value] of saved.values) {
      const node = document.getElementById(id);
      if (node) node.value = value;
    }
    const focused = saved.focus && document.getElementById(saved.focus.id);
    if (focused) {
      focused.focus();
      if (saved.focus.start !== null) focused.setSelectionRange(saved.focus.start, saved.focus.end);
    }
    applyFilter();
  };
  live.addEventListener('input', (event) => {
    if (event.target.id === 'kpi-filter') applyFilter();
  });
  const refresh = async () => {
    try {
      const response = await fetch('status/live', { cache: 'no-store', headers: { Accept: 'text/html' } });
      if (!response.ok) throw new Error('HTTP ' + response.status);
      const html = await response.text();
      const saved = capture();
      live.innerHTML = html;
      restore(saved);
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
  applyFilter();
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
