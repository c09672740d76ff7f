import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../db/testing';
import { errorResponse } from '../http/error-response';
import { loggerOptions } from './logger';
import { safeError } from './safe-error';

const SECRET = 'Ada-Lovelace-private-note-7781';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.dispose());

/** A real database error from a query whose parameters carry a record's values. */
async function dbError(): Promise<Error> {
  try {
    await t.db.query('SELECT $1::uuid AS id, $2::text AS note', [`not-a-uuid ${SECRET}`, SECRET]);
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the query to fail');
}

describe('errors are logged without record contents', () => {
  it('a database error keeps its code and loses its values', async () => {
    const err = await dbError();
    expect(JSON.stringify(err, Object.getOwnPropertyNames(err)) + String(err.message)).toContain(SECRET); // what is at stake
    const safe = safeError(err);
    expect(safe.code).toBe('22P02');
    expect(JSON.stringify(safe)).not.toContain(SECRET);
    expect(safe.message).toMatch(/invalid input syntax for type uuid/);
  });

  it('an error thrown with a document, and its cause, are masked', () => {
    const err = new Error(`cannot write {"firstName":"${SECRET}"}`, { cause: Object.assign(new Error(`row ["${SECRET}"]`), { doc: { note: SECRET } }) });
    expect(JSON.stringify(safeError(err))).not.toContain(SECRET);
  });

  it('errorResponse logs the safe form', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const res = errorResponse(await dbError());
    expect(res.status).toBe(500);
    expect(log).toHaveBeenCalledOnce();
    expect(JSON.stringify(log.mock.calls[0])).not.toContain(SECRET);
    expect(JSON.stringify(log.mock.calls[0])).toContain('22P02');
    log.mockRestore();
  });

  it('the pino logger serializes err and error the same way', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const err = await dbError();
    // The process logger's own options, written to a sink this test can read.
    const log = pino({ ...loggerOptions(), level: 'info' }, sink);
    log.error({ err }, 'failed');
    log.error({ error: err }, 'failed');
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).not.toContain(SECRET);
      expect(line).toContain('22P02');
    }
  });
});
