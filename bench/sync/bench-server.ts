// One seeded production server for the browser and HTTP sync benches: a fresh PGlite folder
// (the embedded default), or a throwaway database on the server named by BENCH_DATABASE_URL,
// holding two demo tenants of `size`, served by scripts/server.mjs. Needs `next build --webpack`.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { migrate } from '@/lib/db/migrate';
import { openPGlite } from '@/lib/db/pglite';
import { openPostgres } from '@/lib/db/postgres';
import type { Database } from '@/lib/db/types';
import { generateDemoData, type DemoSize } from '@/lib/seed/demo-data';
import { seedDatabase } from '@/lib/seed/seed-database';

export interface SeededServer {
  base: string;
  /** `PGlite` or `Postgres`, for the printed tables. */
  engine: string;
  /** The server process (its own process group), for memory readings. */
  pid: number;
  stop(): Promise<void>;
}

/**
 * Seeds (Acme and Globex, `size` records each), starts the server on `port` and waits until it
 * is ready. `appDir` runs another checkout's build (its own `.next`), for before/after figures
 * in one run: `git worktree add ../before <commit>`, link node_modules, build there, and pass
 * BENCH_BEFORE_DIR=../before to the benches that print both.
 */
export async function startSeededServer(
  port: number,
  size: DemoSize,
  extraEnv: Record<string, string> = {},
  appDir = '.',
  /** More data, written after the demo seed and before the server starts. */
  prepare?: (db: Database) => Promise<void>,
): Promise<SeededServer> {
  if (!existsSync(path.join(appDir, '.next/BUILD_ID'))) throw new Error(`No production build in ${appDir}: run \`npx next build --webpack\` there first.`);
  const pgUrl = process.env.BENCH_DATABASE_URL;
  let db: Database;
  let dbEnv: Record<string, string>;
  let dropDatabase = async () => undefined as void;
  if (pgUrl) {
    const name = `crm_bench_${randomBytes(4).toString('hex')}`;
    const admin = await openPostgres(pgUrl, 1);
    await admin.exec(`CREATE DATABASE ${name}`);
    const url = new URL(pgUrl);
    url.pathname = `/${name}`;
    db = await openPostgres(url.toString(), 4);
    dbEnv = { DATABASE_URL: url.toString() };
    dropDatabase = async () => {
      await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.close();
    };
  } else {
    const dir = path.resolve(`.data/bench-pglite-${port}`);
    rmSync(dir, { recursive: true, force: true });
    db = await openPGlite(dir);
    dbEnv = { PGLITE_DATA_DIR: dir, DATABASE_URL: '' };
  }
  const seeding = performance.now();
  await migrate(db);
  await seedDatabase(db, generateDemoData({ anchor: new Date(), size }));
  // The largest plan: a build without API_QUOTA_TENANT_PER_MINUTE still allows 500 requests/s.
  await db.query(`UPDATE tenants SET plan = 'enterprise'`);
  await prepare?.(db);
  await db.exec('ANALYZE'); // as `npm run db:seed` does
  await db.close();
  const records = Object.values(size).reduce((a, b) => a + b, 0);
  console.log(`seeded 2 tenants x ${records.toLocaleString('en')} records in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);

  const base = `http://127.0.0.1:${port}`;
  const server = spawn('node', ['scripts/server.mjs', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: appDir,
    // No mail is sent here; a production server needs that said (lib/mail/mail-config.ts).
    // Quotas are for real traffic: a load test from one address and one organization would
    // measure 429 answers instead of sync.
    env: {
      ...process.env,
      NODE_ENV: 'production',
      APP_URL: base,
      MAIL_DISABLED: '1',
      // One machine: session and sealing secrets may be generated into .data/ (lib/env.ts).
      DEV_SECRETS: '1',
      RATE_LIMIT_NAMESPACE: `bench-${Date.now()}`,
      API_QUOTA_IP_PER_MINUTE: '100000000',
      API_QUOTA_USER_PER_MINUTE: '100000000',
      API_QUOTA_TENANT_PER_MINUTE: '100000000',
      ...dbEnv,
      ...extraEnv,
    },
    // Errors still show: a server that refuses to start says why.
    stdio: ['ignore', 'ignore', 'inherit'],
    // Its own process group, so stopping it also stops any child the server starts.
    detached: true,
  });
  const running = () => server.exitCode === null && server.signalCode === null;
  const stop = async () => {
    if (server.pid && running()) {
      const exited = new Promise((r) => server.once('exit', r));
      process.kill(-server.pid, 'SIGTERM');
      await exited;
    }
    await dropDatabase();
  };
  // A bench that throws must not leave the server running.
  process.once('exit', () => {
    if (server.pid && running()) process.kill(-server.pid, 'SIGKILL');
  });
  try {
    for (let i = 0; ; i += 1) {
      const ok = await fetch(`${base}/api/health/ready`).then((r) => r.ok).catch(() => false);
      if (ok) break;
      if (i > 240) throw new Error('server did not start');
      await new Promise((r) => setTimeout(r, 500));
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { base, engine: pgUrl ? 'Postgres' : 'PGlite', pid: server.pid as number, stop };
}
