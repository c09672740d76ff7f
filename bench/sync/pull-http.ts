// `npm run bench:sync:http`: the pull endpoint under load, through HTTP and the production
// build, as phones call it: 200 closed-loop connections (autocannon) signed in as Acme's rep,
// on the embedded default (PGlite), or on Postgres with BENCH_DATABASE_URL. Needs
// `next build --webpack`. Prints pulls/s and latency percentiles; never fails on speed.
//   1. up to date: every pull carries the checkpoint at the end of the feed (the common case)
//   2. catching up: every pull asks for the first page of 100 contacts
// With BENCH_BEFORE_DIR (another checkout, built; see bench-server.ts) the same runs against
// that build first, so the table shows before and after from one run on one machine.
import autocannon from 'autocannon';
import { request } from '@playwright/test';
import { signInWithApi } from '../../e2e/fixtures/auth';
import { percentile, printTable } from '../lib/stats';
import { startSeededServer } from './bench-server';

const PORT = Number(process.env.E2E_PORT ?? 3104);
const CONNECTIONS = Number(process.env.BENCH_CLIENTS ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const SIZE = { companies: 1_000, contacts: 10_000, deals: 10_000, activities: 50_000 };

async function measure(appDir: string, build: string): Promise<Record<string, string | number>[]> {
  const server = await startSeededServer(PORT, SIZE, {}, appDir);
  try {
    const api = await request.newContext({ baseURL: server.base });
    if (!(await signInWithApi(api, 'rep@acme.test')).ok()) throw new Error('bench sign-in failed');
    const cookie = (await api.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    await api.dispose();
    const headers = { cookie, origin: server.base, 'content-type': 'application/json', 'accept-encoding': 'gzip' };
    const url = `${server.base}/api/sync/contacts/pull`;
    // The end of the contacts feed, as a phone that has synced everything holds it.
    let checkpoint: unknown = null;
    for (;;) {
      const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ checkpoint, limit: 1000 }) });
      if (!res.ok) throw new Error(`pull failed: ${res.status} ${await res.text()}`);
      const page = (await res.json()) as { documents: unknown[]; checkpoint: unknown };
      if (page.documents.length === 0) break;
      checkpoint = page.checkpoint;
    }
    const rows: Record<string, string | number>[] = [];
    for (const [name, body] of [
      ['up to date (checkpoint at the end)', { checkpoint, limit: 100 }],
      ['first page of 100 contacts', { checkpoint: null, limit: 100 }],
    ] as const) {
      const options = { url, method: 'POST' as const, headers, body: JSON.stringify(body), timeout: 10 };
      // Warm-up: route code loaded, caches and connections open.
      await autocannon({ ...options, connections: 20, duration: 2 });
      const latencies: number[] = [];
      const result = await new Promise<autocannon.Result>((resolve, reject) => {
        const instance = autocannon({ ...options, connections: CONNECTIONS, duration: SECONDS }, (err, res) => (err ? reject(err) : resolve(res)));
        instance.on('response', (_client, status, _bytes, ms) => {
          if (status === 200) latencies.push(ms);
        });
      });
      rows.push({
        build,
        pulls: name,
        'answers/s': Math.round(result['2xx'] / SECONDS).toLocaleString('en'),
        p50: `${Math.round(percentile(latencies, 50))} ms`,
        p95: `${Math.round(percentile(latencies, 95))} ms`,
        p99: `${Math.round(percentile(latencies, 99))} ms`,
        'not 200': result.non2xx,
        'errors/time-outs': `${result.errors}/${result.timeouts}`,
      });
    }
    return rows;
  } finally {
    await server.stop();
  }
}

const before = process.env.BENCH_BEFORE_DIR;
const rows = [...(before ? await measure(before, `before (${before})`) : []), ...(await measure('.', 'this build'))];
const engine = process.env.BENCH_DATABASE_URL ? 'Postgres' : 'PGlite';
printTable(`## pull endpoint over HTTP, ${CONNECTIONS} connections, ${SECONDS} s each (${engine}, production build)`, rows);
