import 'server-only';

/** A column that holds secrets sealed by secret-box, and how to rebuild each row's context. */
export interface SealedColumn {
  table: string;
  /** Primary key columns, used to update exactly the row that was read. */
  keyColumns: readonly string[];
  column: string;
  /** The context the value was sealed with, from the row's key columns. */
  context: (row: Record<string, unknown>) => string;
}

/**
 * Every stored secret in the database. A module that stores a new kind of secret adds its
 * column here, so key rotation (`npm run secrets:rotate`) re-encrypts it too.
 */
export const SEALED_COLUMNS: readonly SealedColumn[] = [
  // TOTP secrets (lib/auth/totp-enrollment.ts, second-factor.ts: context `totp:<userId>`).
  { table: 'user_totp', keyColumns: ['user_id'], column: 'secret_enc', context: (row) => `totp:${String(row.user_id)}` },
  // Webhook signing secrets (lib/workflows/manage-workflows.ts, engine.ts: context `workflow-secret:<id>`).
  { table: 'workflow_secrets', keyColumns: ['tenant_id', 'id'], column: 'sealed', context: (row) => `workflow-secret:${String(row.id)}` },
  // Outgoing webhook signing secrets, current and (after a rotation) previous (lib/webhooks/webhook-secret.ts).
  { table: 'webhook_subscriptions', keyColumns: ['tenant_id', 'id'], column: 'secret_sealed', context: (row) => `webhook-secret:${String(row.id)}` },
  { table: 'webhook_subscriptions', keyColumns: ['tenant_id', 'id'], column: 'previous_secret_sealed', context: (row) => `webhook-secret-previous:${String(row.id)}` },
];
