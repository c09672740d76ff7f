// The IndexedDB floor for bench:sync:browser: the same documents put with raw Dexie bulkPut,
// in RxDB's stored shape and with RxDB's three indexes, three stores in parallel in pages of
// 2,000 (as our first sync writes them), with nothing else: no network, no parsing, no reads.
// No sync can store them faster in this browser on this machine.
import { browserBundle } from './browser-bundle';
import type { Browser } from '@playwright/test';

type Doc = { id: string } & Record<string, unknown>;

export async function idbFloor(browser: Browser, origin: string, docs: Record<string, Doc[]>): Promise<number> {
  const dexie = await browserBundle(`import Dexie from 'dexie'; window.Dexie = Dexie;`);
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${origin}/peer`); // a page of a real origin (IndexedDB needs one) that sets no CSP
  await page.addScriptTag({ content: dexie });
  const ms = await page.evaluate(async (byStore) => {
    type Table = { bulkPut(rows: unknown[]): Promise<unknown> };
    const D = (window as unknown as { Dexie: new (name: string) => { version(n: number): { stores(s: Record<string, string>): void }; open(): Promise<unknown>; table(n: string): Table } }).Dexie;
    const db = new D('idb-floor');
    db.version(1).stores(Object.fromEntries(Object.keys(byStore).map((n) => [n, 'id,[_deleted+id],[_meta.lwt+id]'])));
    await db.open();
    const rows = Object.fromEntries(Object.entries(byStore).map(([n, list]) => [n, list.map((d) => ({ ...d, _deleted: '0', _meta: { lwt: 1 }, _rev: '1-floor', _attachments: {} }))]));
    const t0 = performance.now();
    await Promise.all(
      Object.entries(rows).map(async ([n, list]) => {
        for (let i = 0; i < list.length; i += 2000) await db.table(n).bulkPut(list.slice(i, i + 2000));
      }),
    );
    return performance.now() - t0;
  }, docs);
  await context.close();
  return ms;
}
