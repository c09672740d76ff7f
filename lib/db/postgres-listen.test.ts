// A LISTEN connection that stops delivering without closing (a half-open TCP connection)
// must be noticed: the session cache and live streams trust its notifications. Simulated with
// a proxy between the driver and Postgres that stops forwarding in both directions without
// closing anything. Postgres only: PGlite's notifications never leave the process.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from './postgres';
import { createTestDatabase, type TestDatabase } from './testing';
import type { Database } from './types';

const url = process.env.DATABASE_URL;
const CHANNEL = 'crm_test_heartbeat';
const BEAT_MS = 100;

/** A TCP proxy to `target` that can stop forwarding (both ways) while keeping every socket open. */
async function freezableProxy(target: URL) {
  let frozen = false;
  const sockets: net.Socket[] = [];
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    sockets.push(client, upstream);
    client.on('data', (d) => void (frozen || upstream.write(d)));
    upstream.on('data', (d) => void (frozen || client.write(d)));
    for (const s of [client, upstream]) s.on('error', () => undefined);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as net.AddressInfo).port,
    freeze: () => (frozen = true),
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

describe.skipIf(!url)('LISTEN heartbeat (Postgres)', () => {
  let t: TestDatabase;
  let proxied: Database;
  let proxy: Awaited<ReturnType<typeof freezableProxy>>;

  beforeAll(async () => {
    t = await createTestDatabase(2);
    const name = (await t.db.query<{ name: string }>('SELECT current_database() AS name')).rows[0]?.name as string;
    const target = new URL(url as string);
    target.pathname = `/${name}`;
    proxy = await freezableProxy(target);
    const through = new URL(target);
    through.hostname = '127.0.0.1';
    through.port = String(proxy.port);
    proxied = await openPostgres(through.toString(), 2, { listenHeartbeatMs: BEAT_MS });
  });
  afterAll(async () => {
    proxy.close();
    await proxied.close().catch(() => undefined);
    await t.dispose();
  });

  it('keeps a delivering connection, never passes its beats on, and calls a silent one lost', async () => {
    const payloads: string[] = [];
    let lostAt: number | null = null;
    const stop = await proxied.listen(CHANNEL, (p) => payloads.push(p), () => (lostAt ??= Date.now()));
    // Many beats go by on a healthy connection: nothing is lost, and only real payloads arrive.
    await new Promise((r) => setTimeout(r, 8 * BEAT_MS));
    await t.db.query('SELECT pg_notify($1, $2)', [CHANNEL, '{"n":1}']);
    await new Promise((r) => setTimeout(r, 2 * BEAT_MS));
    expect(lostAt).toBeNull();
    expect(payloads).toEqual(['{"n":1}']);

    // The connection goes silent without closing: no error and no end event ever comes.
    proxy.freeze();
    await t.db.query('SELECT pg_notify($1, $2)', [CHANNEL, '{"n":2}']);
    for (let i = 0; i < 100 && lostAt === null; i += 1) await new Promise((r) => setTimeout(r, BEAT_MS / 2));
    // Within three beats by design; the wait allows fifty (a shared machine's timers are late).
    expect(lostAt, 'the silent connection was noticed').not.toBeNull();
    expect(payloads).toEqual(['{"n":1}']);
    await stop();
  });
});
