// Issue 13 figures: what reading request bodies as bounded streams and checking every parsed
// value (depth, NUL, lone surrogates) costs, beside the old way (req.text() + JSON.parse) on the
// same bodies in the same run. p50/p95 per request, in process.
import { z } from 'zod';
import { parseJson, readJsonText } from '../lib/http/read-json';
import { MAX_PUSH_BYTES } from '../sync/schema/protocol';
import { contactDoc } from '../sync/server/testing';
import { percentile, printTable } from './lib/stats';

/** A request whose body arrives in 64 KB chunks with no Content-Length, as a phone's push may. */
function chunked(text: string): Request {
  const bytes = new TextEncoder().encode(text);
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let at = 0; at < bytes.length; at += 65_536) controller.enqueue(bytes.subarray(at, at + 65_536));
      controller.close();
    },
  });
  return new Request('http://bench/api/sync/contacts/push', { method: 'POST', body, headers: { 'content-type': 'application/json' }, duplex: 'half' } as RequestInit);
}

async function sample(runs: number, fn: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 20; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

export async function runRequestBodyBench(): Promise<void> {
  const rows: Record<string, string | number>[] = [];
  const any = z.unknown();
  for (const docs of [1, 100, 500]) {
    const text = JSON.stringify(Array.from({ length: docs }, () => ({ newDocumentState: contactDoc({ email: 'ada@example.com', title: 'Head of fleet' }) })));
    const kb = (Buffer.byteLength(text) / 1024).toFixed(0);
    const old = await sample(300, async () => JSON.parse(await chunked(text).text()));
    const now = await sample(300, async () => parseJson(await readJsonText(chunked(text), MAX_PUSH_BYTES), any));
    for (const [how, ms] of [['req.text() + JSON.parse (before)', old], ['bounded stream + value check (now)', now]] as const) {
      rows.push({ body: `push of ${docs} contact${docs === 1 ? '' : 's'} (${kb} KB)`, how, p50_ms: percentile(ms, 50).toFixed(3), p95_ms: percentile(ms, 95).toFixed(3), runs: ms.length });
    }
  }
  printTable('Request body reading (in process)', rows);
}

if (import.meta.url === `file://${process.argv[1]}`) await runRequestBodyBench();
