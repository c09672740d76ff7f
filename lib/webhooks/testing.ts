import 'server-only';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Database } from '../db/types';
import { DELIVER_QUEUE } from './webhook-queue';

// Test fixtures for outgoing webhooks: a local receiver (node:http on 127.0.0.1, so tests run
// with private targets allowed, as vitest.config.mts sets) and a way to make retries due now.

export interface ReceivedWebhook {
  body: string;
  headers: Record<string, string>;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Status codes of the next answers, in order; afterwards 200. */
  script: number[];
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A local HTTP receiver that records every request and answers as scripted. */
export async function startReceiver(path = '/hooks/crm'): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const script: number[] = [];
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    received.push({ body, headers });
    res.writeHead(script.shift() ?? 200).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    received,
    script,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Makes every delayed delivery attempt (a retry's backoff) due now; returns how many. */
export async function makeRetriesDue(db: Database): Promise<number> {
  const r = await db.query(`UPDATE pgboss.job SET start_after = now() - interval '1 millisecond' WHERE name = $1 AND state IN ('created', 'retry')`, [DELIVER_QUEUE]);
  return r.rowCount;
}

/** The delivery jobs waiting to start, with the seconds until each is due (for backoff checks). */
export async function pendingDeliveryJobs(db: Database): Promise<{ deliveryId: string; dueInSeconds: number }[]> {
  const r = await db.query<{ delivery_id: string; due: number }>(
    `SELECT data->>'deliveryId' AS delivery_id, extract(epoch FROM start_after - now())::float8 AS due FROM pgboss.job WHERE name = $1 AND state = 'created' ORDER BY start_after`,
    [DELIVER_QUEUE],
  );
  return r.rows.map((x) => ({ deliveryId: x.delivery_id, dueInSeconds: x.due }));
}

