import { Agent, get } from 'node:http';
import { NEVER, startDaemonProcess } from './daemon-process.ts';
const daemon = await startDaemonProcess([
  { name: 'fill', schedule: NEVER, runOnStart: true, workloads: ['contention.atomic-add', 'gc.churn-small'], threads: [1], duration: '100ms', warmup: '20ms' },
  { name: 'load', schedule: NEVER, runOnStart: true, workloads: ['contention.atomic-add', 'gc.churn-small'], threads: [1], duration: '5000ms', warmup: '250ms' },
  { name: 'catalog', schedule: NEVER, runOnStart: false, workloads: ['*'] },
]);
const t0 = Date.now();
void daemon.nextLog((l) => { if (l.msg) console.log(`LOG ${(Number(l.time) - t0)} ${l.msg} ${l.suite ?? ''} ${l.workload ?? ''}`); return false; }, 'x', 30000).catch(() => {});
import { execFileSync } from 'node:child_process';
setTimeout(() => {
  const port = new URL(daemon.url).port;
  console.log(execFileSync('ss', ['-tn', 'state', 'all', `( sport = :${port} )`], { encoding: 'utf8' }).split('\n').slice(0, 6).join('\n'));
  console.log('listen', execFileSync('ss', ['-ltn', `( sport = :${port} )`], { encoding: 'utf8' }));
  console.log('server side count', execFileSync('sh', ['-c', `ss -tn state established '( sport = :${port} )' | wc -l`], { encoding: 'utf8' }));
  console.log('fds', execFileSync('sh', ['-c', `ls /proc/${daemon.pid}/fd | wc -l`], { encoding: 'utf8' }));
}, 5000);
const agent = new Agent({ keepAlive: true, maxSockets: 50 });
const records: { s: number; h: number; e: number; id: number }[] = [];
const end = Date.now() + 12000;
await Promise.all(Array.from({ length: 50 }, async (_, id) => {
  while (Date.now() < end) {
    const s = Date.now();
    await new Promise<void>((resolve, reject) => {
      get(daemon.metricsUrl, { agent }, (res) => {
        const h = Date.now();
        res.on('data', () => {});
        res.on('end', () => { records.push({ s: s - t0, h: h - t0, e: Date.now() - t0, id }); resolve(); });
      }).on('error', reject);
    });
  }
}));
records.sort((a, b) => (b.e - b.s) - (a.e - a.s));
for (const r of records.slice(0, 8)) console.log(`SLOW id=${r.id} start=${r.s} headers=${r.h} end=${r.e} total=${r.e - r.s}`);
const byId = new Map<number, number>(); for (const r of records) byId.set(r.id, (byId.get(r.id) ?? 0) + 1);
console.log('per-connection counts', [...byId.values()].sort((a, b) => a - b).join(','));
console.log('total', records.length);
await daemon.stop();
