// `npm run bench:sync:stream`: what one app instance pays for its live-sync clients (the
// server-sent event stream phones keep open): server memory per open stream, and the time from
// one push until every stream has its `change` event, at 1,000 and 10,000 streams
// (BENCH_STREAMS=1000,10000). Production build, embedded PGlite (Postgres with
// BENCH_DATABASE_URL). Needs `next build --webpack`; prints figures, never fails on speed.
//
// Each stream is a phone of its own: STREAMS_PER_USER streams per rep (the server allows 5),
// every rep with a session cookie minted the way sign-in mints it (lib/auth/session-token.ts;
// signing 2,000 people in through argon2 would take minutes and measure sign-in). The clients
// run in this process, on the same two cores as the server: their reading adds to the
// fan-out figures, so they are an upper bound.
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import { v7 as uuidv7 } from 'uuid';
import { mintSessionCookie } from '@/lib/auth/session-token';
import { percentile, printTable } from '../lib/stats';
import { startSeededServer } from './bench-server';

const PORT = Number(process.env.E2E_PORT ?? 3105);
const COUNTS = (process.env.BENCH_STREAMS ?? '1000,10000').split(',').map(Number);
const STREAMS_PER_USER = 4;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SIZE = { companies: 50, contacts: 200, deals: 100, activities: 300 };

// The server and this process must sign with one secret.
process.env.AUTH_SECRET = randomBytes(32).toString('base64url');

interface Client {
  /** When each `change` event arrived (performance.now()). */
  changes: number[];
  socket: http.ClientRequest;
}

/** The server's memory: resident set of its process group, in MB. */
function serverRssMb(pid: number): number {
  const out = execFileSync('ps', ['-o', 'rss=', '-g', String(pid)], { encoding: 'utf8' });
  return out.split('\n').reduce((sum, line) => sum + (Number(line.trim()) || 0), 0) / 1024;
}

/** Opens one stream and resolves once its first event (`resync`) arrived. */
function openStream(base: string, cookie: string): Promise<Client> {
  return new Promise((resolve, reject) => {
    const changes: number[] = [];
    const req = http.get(`${base}/api/sync/stream`, { headers: { cookie, accept: 'text/event-stream' }, agent: false }, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`stream answered ${res.statusCode}`));
        res.resume();
        return;
      }
      res.setEncoding('utf8');
      let opened = false;
      res.on('data', (chunk: string) => {
        if (!opened && chunk.includes('event: resync')) {
          opened = true;
          resolve(client);
        }
        for (let at = chunk.indexOf('event: change'); at >= 0; at = chunk.indexOf('event: change', at + 1)) changes.push(performance.now());
      });
    });
    const client: Client = { changes, socket: req };
    req.on('error', reject);
  });
}

async function main() {
  const reps: { id: string; tenant: string }[] = [];
  const needed = Math.ceil(Math.max(...COUNTS) / STREAMS_PER_USER);
  const server = await startSeededServer(PORT, SIZE, { AUTH_SECRET: process.env.AUTH_SECRET as string }, '.', async (db) => {
    const acme = (await db.query<{ id: string }>(`SELECT id FROM tenants WHERE slug = 'acme'`)).rows[0]?.id as string;
    for (let i = 0; i < needed; i += 1) reps.push({ id: uuidv7(), tenant: acme });
    for (let from = 0; from < reps.length; from += 1000) {
      const chunk = reps.slice(from, from + 1000);
      await db.query(`INSERT INTO users (id, email, name) SELECT id, 'stream-' || id || '@acme.test', 'Stream rep' FROM unnest($1::uuid[]) AS id`, [chunk.map((r) => r.id)]);
      await db.query(`INSERT INTO memberships (tenant_id, user_id, role) SELECT $2, id, 'rep' FROM unnest($1::uuid[]) AS id`, [chunk.map((r) => r.id), acme]);
    }
  });
  const rows: Record<string, string | number>[] = [];
  const clients: Client[] = [];
  try {
    const cookies = await Promise.all(
      reps.map(async (r) => {
        const c = await mintSessionCookie({ sub: r.id, sid: uuidv7(), sv: 0, tid: r.tenant, mfa: true, auth: Math.floor(Date.now() / 1000) });
        return `${c.name}=${c.value}`;
      }),
    );
    const writer = cookies[0] as string;
    // Warm-up: route code loaded, the change listener connected.
    const warm = await openStream(server.base, writer);
    warm.socket.destroy();
    await new Promise((r) => setTimeout(r, 1000));
    const baseline = serverRssMb(server.pid);
    console.log(`server ${server.engine}, ${baseline.toFixed(0)} MB before any stream`);

    for (const count of COUNTS) {
      const opening = performance.now();
      while (clients.length < count) {
        const batch = Math.min(200, count - clients.length);
        clients.push(...(await Promise.all(Array.from({ length: batch }, (_, i) => openStream(server.base, cookies[Math.floor((clients.length + i) / STREAMS_PER_USER)] as string)))));
      }
      const openSeconds = (performance.now() - opening) / 1000;
      await new Promise((r) => setTimeout(r, 3000));
      const rss = serverRssMb(server.pid);
      const fanout: number[] = [];
      let missed = 0;
      for (let round = 0; round < ROUNDS; round += 1) {
        for (const c of clients) c.changes.length = 0;
        const at = new Date().toISOString();
        const contact = { id: uuidv7(), firstName: 'Fan', lastName: `Out ${round}`, email: null, phone: null, title: null, companyId: null, ownerId: null, createdAt: at, updatedAt: at, _deleted: false };
        const pushed = performance.now();
        const res = await fetch(`${server.base}/api/sync/contacts/push?protocol=2`, {
          method: 'POST',
          headers: { cookie: writer, origin: server.base, 'content-type': 'application/json' },
          body: JSON.stringify([{ newDocumentState: contact }]),
        });
        if (!res.ok) throw new Error(`push failed: ${res.status} ${await res.text()}`);
        const deadline = performance.now() + 30_000;
        while (clients.some((c) => c.changes.length === 0) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 5));
        for (const c of clients) {
          const first = c.changes[0];
          if (first === undefined) missed += 1;
          else fanout.push(first - pushed);
        }
        // Past the stream's coalescing window, and past the session cache's lifetime every
        // other round, so both a warm and a cold session check are in the figures.
        await new Promise((r) => setTimeout(r, round % 2 === 0 ? 600 : 5_500));
      }
      rows.push({
        streams: count.toLocaleString('en'),
        'opened in': `${openSeconds.toFixed(1)} s`,
        'server RSS': `${rss.toFixed(0)} MB`,
        'per stream': `${(((rss - baseline) * 1024) / count).toFixed(1)} KB`,
        'push → all, p50': `${Math.round(percentile(fanout, 50))} ms`,
        p95: `${Math.round(percentile(fanout, 95))} ms`,
        max: `${Math.round(Math.max(...fanout))} ms`,
        'missed events': missed,
      });
    }
  } finally {
    for (const c of clients) c.socket.destroy();
    await server.stop();
  }
  printTable(`Live-sync streams on one instance (${ROUNDS} pushes each; push until each stream has its change event)`, rows);
}

await main();
