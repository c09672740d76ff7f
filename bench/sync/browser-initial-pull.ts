// `npm run bench:sync:browser`: initial sync of 10,000 contacts + 10,000 deals + 50,000
// activities into IndexedDB in headless Chromium, through the production build (`scripts/server.mjs`)
// on embedded PGlite (Postgres with BENCH_DATABASE_URL), signed in as the seeded rep of Acme,
// beside PouchDB replicating the same documents in the same browser (pouchdb-peer.ts).
// BENCH_BEFORE_DIR=<checkout with a build> measures that build too, for before/after in one run.
// Needs `next build --webpack`. Prints tables; never fails on speed.
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../../e2e/fixtures/chromium';
import { signInWithApi } from '../../e2e/fixtures/auth';
import { startSeededServer } from './bench-server';
import { measureFirstSync, type FirstSyncRun } from './measure-first-sync';
import { idbFloor } from './idb-floor';
import { startPouchPeer } from './pouchdb-peer';

const PORT = Number(process.env.E2E_PORT ?? 3102);
/** Per tenant: Acme (measured) and Globex (there so tenancy filters real rows). */
const SIZE = { companies: 1_000, contacts: 10_000, deals: 10_000, activities: 50_000 };
const MEASURED = ['contacts', 'deals', 'activities'] as const;
const DOCS = MEASURED.reduce((n, k) => n + SIZE[k], 0);
const EXPECTED = Object.fromEntries(MEASURED.map((k) => [k, SIZE[k]]));
/** The peer's batch size: as large as our snapshot pages, so neither side gains by round trips. */
const PEER_BATCH = 2000;

/** The rep's documents as the server sends them, for the peer to serve the same data. */
async function wireDocs(base: string): Promise<Record<string, ({ id: string } & Record<string, unknown>)[]>> {
  const { request } = await import('@playwright/test');
  const api = await request.newContext({ baseURL: base });
  if (!(await signInWithApi(api, 'rep@acme.test')).ok()) throw new Error('bench sign-in failed');
  const out: Record<string, ({ id: string } & Record<string, unknown>)[]> = {};
  for (const name of MEASURED) {
    out[name] = [];
    let checkpoint: unknown = null;
    for (;;) {
      const page = (await (await api.post(`/api/sync/${name}/pull`, { data: { checkpoint, limit: 2000 } })).json()) as { documents: ({ id: string } & Record<string, unknown>)[]; checkpoint: unknown };
      out[name].push(...page.documents);
      checkpoint = page.checkpoint;
      if (page.documents.length < 2000) break;
    }
  }
  await api.dispose();
  return out;
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const browser = await chromium.launch(chromiumLaunchOptions());
const rows: string[] = [];
let ours: FirstSyncRun | null = null;
let before: FirstSyncRun | null = null;
let peer: Record<string, number> | null = null;
let floor = 0;
try {
  if (process.env.BENCH_BEFORE_DIR) {
    const server = await startSeededServer(PORT + 1, SIZE, {}, process.env.BENCH_BEFORE_DIR);
    try {
      before = await measureFirstSync(browser, server.base, 'rep@acme.test', EXPECTED);
    } finally {
      await server.stop();
    }
  }
  const server = await startSeededServer(PORT, SIZE);
  try {
    ours = await measureFirstSync(browser, server.base, 'rep@acme.test', EXPECTED);
    const docs = await wireDocs(server.base);
    const pouch = await startPouchPeer(PORT + 2, docs);
    try {
      peer = await pouch.initialSync(browser, PEER_BATCH);
      floor = await idbFloor(browser, pouch.base, docs);
    } finally {
      await pouch.stop();
    }
  } finally {
    await server.stop();
  }
} finally {
  await browser.close();
}

const peerTotal = Math.max(...Object.values(peer));
console.log(`\n## initial sync of ${DOCS.toLocaleString('en')} documents into IndexedDB (headless Chromium; ${ours.pulls.length} pull requests)\n`);
console.log(`| measure | ${before ? 'before | ' : ''}this build | PouchDB peer (batch ${PEER_BATCH}) |`);
console.log(`| --- | ${before ? '--- | ' : ''}--- | --- |`);
for (const k of MEASURED) rows.push(`| ${SIZE[k].toLocaleString('en')} ${k} complete | ${before ? `${s(before.firstAt[k]!)} | ` : ''}${s(ours.firstAt[k]!)} | ${s(peer[k]!)} |`);
rows.push(`| all ${DOCS.toLocaleString('en')} documents | ${before ? `${s(before.total)} | ` : ''}**${s(ours.total)}** | ${s(peerTotal)} |`);
rows.push(`| documents per second | ${before ? `${Math.round(DOCS / (before.total / 1000))} | ` : ''}${Math.round(DOCS / (ours.total / 1000))} | ${Math.round(DOCS / (peerTotal / 1000))} |`);
rows.push(`| longest main-thread task | ${before ? `${Math.round(before.longestTaskMs)} ms | ` : ''}${Math.round(ours.longestTaskMs)} ms | |`);
console.log(rows.join('\n'));
console.log(`\nThis build is ${(peerTotal / ours.total).toFixed(1)}x the peer's speed${before ? ` and ${(before.total / ours.total).toFixed(1)}x the before build's` : ''}, and takes ${(ours.total / floor).toFixed(1)}x the IndexedDB floor (aim: 8 s and 3x the peer).`);
console.log(`IndexedDB floor in this browser: ${s(floor)} to bulkPut the same documents with raw Dexie (RxDB's indexes, pages of 2,000, no network, parsing or reads).`);
// Where the time goes: server answer time of the pull requests versus the rest.
for (const k of MEASURED) {
  const mine = ours.pulls.filter((p) => p.name === k);
  const sorted = mine.map((p) => p.ms).sort((a, b) => a - b);
  const waiting = mine.reduce((n, p) => n + p.ms, 0);
  console.log(`- ${k}: ${mine.length} pull requests, answer p50 ${Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0)} ms, ${((waiting / ours.firstAt[k]!) * 100).toFixed(0)} % of its time waiting for the server`);
}
