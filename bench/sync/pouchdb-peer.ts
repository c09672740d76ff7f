// The peer of `npm run bench:sync:browser`: PouchDB in the same headless Chromium replicating
// the same documents into IndexedDB from a CouchDB-protocol server (express-pouchdb on
// PouchDB's memory adapter, in this process). PouchDB is what offline-first sync was measured
// against for a decade; the reference figure (~30 s for 70,000 documents) is this setup.
import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import type { Browser } from '@playwright/test';
import { browserBundle } from './browser-bundle';

const require = createRequire(import.meta.url);

type Doc = { id: string } & Record<string, unknown>;
interface PouchDb {
  bulkDocs(docs: object[]): Promise<unknown>;
  destroy(): Promise<unknown>;
}
type PouchCtor = { new (name: string): PouchDb; plugin(p: unknown): PouchCtor; defaults(o: object): PouchCtor };

export interface PouchPeer {
  base: string;
  /** Replicates every database into the page's IndexedDB; ms until each was complete, from the start. */
  initialSync(browser: Browser, batchSize: number): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

/** Serves `docs` (by database name) over the CouchDB protocol on `port`. */
export async function startPouchPeer(port: number, docs: Record<string, Doc[]>): Promise<PouchPeer> {
  const express = require('express') as () => { use: (...a: unknown[]) => void; get: (p: string, h: (req: unknown, res: { type(t: string): { send(b: string): void } }) => void) => void; listen(port: number, host: string, cb: () => void): Server };
  const PouchDB = (require('pouchdb-core') as PouchCtor)
    .plugin(require('pouchdb-adapter-memory'))
    .plugin(require('pouchdb-mapreduce'))
    .plugin(require('pouchdb-replication'));
  const MemPouch = PouchDB.defaults({ adapter: 'memory' });
  const dbs: PouchDb[] = [];
  for (const [name, list] of Object.entries(docs)) {
    const db = new MemPouch(name);
    dbs.push(db);
    for (let i = 0; i < list.length; i += 5000) await db.bulkDocs(list.slice(i, i + 5000).map(({ id, ...rest }) => ({ _id: id, ...rest, _deleted: undefined })));
  }
  // PouchDB's browser build as one script (its package ships CommonJS modules only).
  const script = await browserBundle(`import PouchDB from 'pouchdb-browser'; window.PouchDB = PouchDB;`);
  const app = express();
  app.get('/peer', (_req, res) => res.type('html').send('<!doctype html><title>peer</title><script src="/pouchdb.js"></script>'));
  app.get('/pouchdb.js', (_req, res) => res.type('js').send(script));
  app.use('/db', (require('express-pouchdb') as (p: unknown, o: object) => unknown)(MemPouch, { mode: 'minimumForPouchDB', inMemoryConfig: true, logPath: '/dev/null' }));
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(port, '127.0.0.1', () => resolve(s));
  });
  const base = `http://127.0.0.1:${port}`;
  return {
    base,
    async initialSync(browser, batchSize) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${base}/peer`);
      const times = await page.evaluate(
        async ({ names, batchSize }) => {
          type Replication = Promise<unknown>;
          const P = (window as unknown as { PouchDB: { new (n: string): { replicate: { from(url: string, o: object): Replication } } } }).PouchDB;
          const t0 = performance.now();
          const done: Record<string, number> = {};
          await Promise.all(
            names.map(async (n) => {
              await new P(`peer-${n}`).replicate.from(`${location.origin}/db/${n}`, { batch_size: batchSize });
              done[n] = performance.now() - t0;
            }),
          );
          return done;
        },
        { names: Object.keys(docs), batchSize },
      );
      await context.close();
      return times;
    },
    async stop() {
      await new Promise((r) => server.close(r));
      for (const db of dbs) await db.destroy();
    },
  };
}
