// `npm run bench:sync:live`: an edit on one phone seen on another phone's screen, in headless
// Chromium through the production build: phone A (Acme's manager) changes a contact's last
// name in its local database; phone B (Acme's rep) has that contact open. Measured from A's
// write call to the moment B's page shows the new name (a MutationObserver in B's page; both
// pages share the browser's clock): RxDB write, push, commit, live stream event, pull, RxDB
// write and React render. PGlite by default, Postgres with BENCH_DATABASE_URL; with
// BENCH_BEFORE_DIR (see bench-server.ts) the same edits run against that build first.
// Needs `next build --webpack`. Prints percentiles; never fails on speed.
import { chromium, type Page } from '@playwright/test';
import { DEFAULT_SIZE } from '@/lib/seed/demo-data';
import { chromiumLaunchOptions } from '../../e2e/fixtures/chromium';
import { signInWithApi } from '../../e2e/fixtures/auth';
import { percentile, printTable } from '../lib/stats';
import { startSeededServer } from './bench-server';

const PORT = Number(process.env.E2E_PORT ?? 3105);
const EDITS = Number(process.env.BENCH_EDITS ?? 40);
const WARM_UP = 3;
/** Pause between edits (ms): each edit arrives after a quiet spell, as a person's edits do. */
const PAUSE_MS = 250;

// In-page code is passed as strings: tsx names functions with a helper the page does not have.
type W = { __crmSync?: { db: Record<string, unknown> } };

async function phone(browser: Awaited<ReturnType<typeof chromium.launch>>, base: string, email: string, path: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: base, viewport: { width: 390, height: 844 } });
  if (!(await signInWithApi(context.request, email)).ok()) throw new Error(`sign-in of ${email} failed`);
  const page = await context.newPage();
  await page.goto(path);
  await page.waitForFunction(() => Boolean((window as unknown as W).__crmSync), undefined, { timeout: 120_000 });
  // Initial sync of contacts complete (waitForFunction would take the count's promise as truthy).
  for (const end = Date.now() + 120_000; ; ) {
    const n = (await page.evaluate('window.__crmSync.db.contacts.count().exec()')) as number;
    if (n >= DEFAULT_SIZE.contacts) break;
    if (Date.now() > end) throw new Error(`${email}: initial sync stopped at ${n} contacts`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return page;
}

async function measure(appDir: string, build: string): Promise<Record<string, string>> {
  const server = await startSeededServer(PORT, DEFAULT_SIZE, {}, appDir);
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const a = await phone(browser, server.base, 'manager@acme.test', '/contacts');
    const id = (await a.evaluate('window.__crmSync.db.contacts.findOne().exec().then((d) => d.id)')) as string;
    const b = await phone(browser, server.base, 'rep@acme.test', `/contacts/view?id=${id}`);
    await b.getByRole('heading', { level: 1 }).first().waitFor();
    const latencies: number[] = [];
    // Where each edit's time went, from the pages' resource timings (epoch ms, one clock).
    const stages: Record<string, number[]> = { 'write → push sent': [], push: [], 'push answered → pull sent': [], pull: [], 'pull answered → on screen': [] };
    const lastRequest = (page: Page, suffix: string) =>
      page.evaluate(`(() => {
        const e = performance.getEntriesByType('resource').filter((r) => r.name.includes(${JSON.stringify(suffix)})).pop();
        return e ? { start: performance.timeOrigin + e.startTime, end: performance.timeOrigin + e.responseEnd } : null;
      })()`) as Promise<{ start: number; end: number } | null>;
    // The first edits warm up (route code, stream connections, caches): not counted.
    for (let i = -WARM_UP; i < EDITS; i += 1) {
      const name = `Live${i}x${Date.now() % 100000}`;
      for (const p of [a, b]) await p.evaluate('performance.clearResourceTimings()');
      // B watches its own screen for the new name before A writes it.
      await b.evaluate(`void (window.__seen = new Promise((resolve) => {
        const observer = new MutationObserver(() => {
          if (document.body.innerText.includes(${JSON.stringify(name)})) { observer.disconnect(); resolve(performance.timeOrigin + performance.now()); }
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
      }))`);
      const wroteAt = (await a.evaluate(`(async () => {
        const doc = await window.__crmSync.db.contacts.findOne(${JSON.stringify(id)}).exec();
        const at = performance.timeOrigin + performance.now();
        await doc.incrementalPatch({ lastName: ${JSON.stringify(name)}, updatedAt: new Date().toISOString() });
        return at;
      })()`)) as number;
      const seenAt = (await b.evaluate('Promise.race([window.__seen, new Promise((r) => setTimeout(() => r(null), 15000))])')) as number | null;
      if (seenAt === null) throw new Error(`phone B did not show edit ${i} within 15 s`);
      if (i >= 0) {
        latencies.push(seenAt - wroteAt);
        const push = await lastRequest(a, '/api/sync/contacts/push');
        const pull = await lastRequest(b, '/api/sync/contacts/pull');
        if (push && pull && push.start >= wroteAt && pull.start >= push.start) {
          stages['write → push sent']!.push(push.start - wroteAt);
          stages.push!.push(push.end - push.start);
          stages['push answered → pull sent']!.push(pull.start - push.end);
          stages.pull!.push(pull.end - pull.start);
          stages['pull answered → on screen']!.push(seenAt - pull.end);
        }
      }
      await new Promise((r) => setTimeout(r, PAUSE_MS));
    }
    const ms = (p: number) => `${Math.round(percentile(latencies, p))} ms`;
    const stage = (k: string, p: number) => (stages[k]!.length ? `${Math.round(percentile(stages[k]!, p))}` : '-');
    console.log(`${build}: where the time went (p50 / p95 ms, ${stages.push!.length} edits with both timings): ${Object.keys(stages).map((k) => `${k} ${stage(k, 50)} / ${stage(k, 95)}`).join('; ')}`);
    return { build, edits: String(EDITS), p50: ms(50), p95: ms(95), max: ms(100) };
  } finally {
    await browser.close();
    await server.stop();
  }
}

const before = process.env.BENCH_BEFORE_DIR;
const rows = [...(before ? [await measure(before, `before (${before})`)] : []), await measure('.', 'this build')];
const engine = process.env.BENCH_DATABASE_URL ? 'Postgres' : 'PGlite';
printTable(`## an edit on phone A seen on phone B's screen (headless Chromium, ${engine}, production build)`, rows);
