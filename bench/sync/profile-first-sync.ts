// `npm run bench:sync:profile`: where a first sync's time goes. Seeds the same tenant as
// browser-initial-pull.ts and, from page load until the three large collections are complete,
// records the CPU seconds of every process (the app server, Chromium's renderer, its browser
// process, which runs IndexedDB's backend, and the rest), the requests the page made, and a CPU
// profile of the page's main thread (Chrome DevTools Protocol; written to
// /tmp/first-sync.cpuprofile for DevTools), printing the functions with the most self time.
// BENCH_PAGE picks the page opened (default /today). Needs `next build --webpack`.
import { chromium } from '@playwright/test';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { chromiumLaunchOptions } from '../../e2e/fixtures/chromium';
import { signInWithApi } from '../../e2e/fixtures/auth';
import { startSeededServer } from './bench-server';

const PORT = Number(process.env.E2E_PORT ?? 3102);
const SIZE = { companies: 1_000, contacts: 10_000, deals: 10_000, activities: 50_000 };
const EXPECTED: Record<string, number> = { contacts: 10_000, deals: 10_000, activities: 50_000 };

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

/** CPU seconds used so far by each process whose command line matches, by name. */
function cpuByProcess(): Map<string, number> {
  const out = new Map<string, number>();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      const secs = (Number(stat[11]) + Number(stat[12])) / 100;
      const kind = /chrom/.test(cmd) ? `chromium ${(/--type=([a-z-]+)/.exec(cmd)?.[1] ?? 'browser')}` : /server\.mjs/.test(cmd) ? 'app server' : /tsx|node/.test(cmd) ? 'node (bench)' : null;
      if (kind) out.set(kind, (out.get(kind) ?? 0) + secs);
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

const browser = await chromium.launch(chromiumLaunchOptions());
const server = await startSeededServer(PORT, SIZE);
try {
  const context = await browser.newContext({ baseURL: server.base });
  if (!(await signInWithApi(context.request, 'rep@acme.test')).ok()) throw new Error('sign-in failed');
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  const cpuBefore = cpuByProcess();
  const started = performance.now();
  await page.goto(process.env.BENCH_PAGE ?? '/today');
  await page.waitForFunction(() => Boolean((window as unknown as { __crmSync?: unknown }).__crmSync), undefined, { timeout: 120_000 });
  for (;;) {
    const done = await page.evaluate(async (expected) => {
      const d = (window as unknown as { __crmSync: { db: Record<string, { count(): { exec(): Promise<number> } }> } }).__crmSync.db;
      for (const [k, n] of Object.entries(expected)) if ((await d[k]!.count().exec()) < n) return false;
      return true;
    }, EXPECTED);
    if (done) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const total = performance.now() - started;
  const requests = (await page.evaluate(`(() => {
    const by = {};
    for (const e of performance.getEntriesByType('resource')) { const k = new URL(e.name).pathname.replace(/[0-9a-f-]{36}/g, ':id'); by[k] = by[k] || [0, 0]; by[k][0]++; by[k][1] += e.duration; }
    return by;
  })()`)) as Record<string, [number, number]>;
  console.log('requests (count, summed ms):', Object.entries(requests).filter(([k]) => k.startsWith('/api')).map(([k, [n, ms]]) => `${k} ${n} ${Math.round(ms)}`).join('; '));
  const cpuAfter = cpuByProcess();
  console.log('CPU seconds during the sync:', [...cpuAfter].map(([k, v]) => `${k} ${(v - (cpuBefore.get(k) ?? 0)).toFixed(1)}`).join(', '));
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: Profile };
  writeFileSync('/tmp/first-sync.cpuprofile', JSON.stringify(profile));
  const self = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) self.set(profile.samples[i]!, (self.get(profile.samples[i]!) ?? 0) + (profile.timeDeltas[i] ?? 0));
  const byFn = new Map<string, number>();
  const byUrl = new Map<string, number>();
  for (const node of profile.nodes) {
    const us = self.get(node.id) ?? 0;
    const f = node.callFrame;
    const url = f.url.split('/').slice(-1)[0] || '(native)';
    const key = `${f.functionName || "(anonymous)"} ${url}:${f.lineNumber}:${(f as { columnNumber?: number }).columnNumber ?? 0}`;
    byFn.set(key, (byFn.get(key) ?? 0) + us);
    byUrl.set(url, (byUrl.get(url) ?? 0) + us);
  }
  const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, us]) => `${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`).join('\n');
  console.log(`first sync complete in ${(total / 1000).toFixed(1)} s; profile span ${((profile.endTime - profile.startTime) / 1e6).toFixed(1)} s\n`);
  console.log('self time by script:\n' + top(byUrl, 15));
  console.log('\nself time by function:\n' + top(byFn, 40));
  await context.close();
} finally {
  await server.stop();
  await browser.close();
}
