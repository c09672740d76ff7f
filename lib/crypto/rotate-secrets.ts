import 'server-only';
import type { Database } from '../db/types';
import { withSystem } from '../db/with-tenant';
import { keyRing, type KeyRing } from './key-ring';
import { reEncryptSecret } from './secret-box';
import type { SealedColumn } from './sealed-columns';

const BATCH = 200;

const ident = (name: string) => {
  // Table and column names come from code, never from input; still refuse anything odd.
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unexpected identifier ${name}`);
  return `"${name}"`;
};

/**
 * Re-encrypts every sealed value not under the primary key (system job: spans tenants).
 * Each batch commits on its own, so an interrupted run simply continues where it stopped.
 */
export async function rotateSecrets(db: Database, columns: readonly SealedColumn[], ring: KeyRing = keyRing()): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const col of columns) {
    const key = `${col.table}.${col.column}`;
    counts[key] = 0;
    const keys = col.keyColumns.map(ident).join(', ');
    for (;;) {
      const moved = await withSystem(async (tx) => {
        const { rows } = await tx.query(
          `SELECT ${keys}, ${ident(col.column)} AS sealed FROM ${ident(col.table)}
           WHERE ${ident(col.column)} IS NOT NULL AND split_part(${ident(col.column)}, '.', 2) <> $1
           LIMIT ${BATCH} FOR UPDATE`,
          [ring.primary],
        );
        for (const row of rows) {
          const resealed = reEncryptSecret(String(row.sealed), col.context(row), ring);
          const where = col.keyColumns.map((k, i) => `${ident(k)} = $${i + 2}`).join(' AND ');
          await tx.query(`UPDATE ${ident(col.table)} SET ${ident(col.column)} = $1 WHERE ${where}`, [resealed, ...col.keyColumns.map((k) => row[k])]);
        }
        return rows.length;
      }, db);
      counts[key] += moved;
      if (moved < BATCH) break;
    }
  }
  return counts;
}
