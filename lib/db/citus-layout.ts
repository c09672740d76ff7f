// Where each table goes when the database is distributed with Citus (docs/scaling.md). One
// list for the whole schema, so a new table must be placed here before its tests pass
// (citus-layout.test.ts checks the placement against the rules Citus documents), and the
// statements an operator runs (`npm run db:citus`) come from the same list.
//
// - distributed: tenant data, sharded by tenant_id and co-located, so every query of one
//   tenant runs on one shard and its foreign keys and unique keys hold there;
// - reference: small global tables that tenant tables reference or join (a copy on every node);
// - coordinator: global tables used on their own (sign-up, sessions, housekeeping), left as
//   plain tables on the coordinator.

export type Placement = 'distributed' | 'reference' | 'coordinator';

/** In creation order: every table comes after the tables its foreign keys reference. */
export const CITUS_LAYOUT: readonly (readonly [table: string, placement: Placement])[] = [
  ['tenants', 'reference'],
  ['users', 'reference'],
  ['memberships', 'reference'],
  ['user_totp', 'reference'],
  ['recovery_codes', 'reference'],

  ['revoked_sessions', 'coordinator'],
  ['signup_requests', 'coordinator'],
  ['password_resets', 'coordinator'],
  ['auth_events', 'coordinator'],
  ['maintenance_runs', 'coordinator'],
  ['dev_mail_outbox', 'coordinator'],
  ['schema_migrations', 'coordinator'],

  ['companies', 'distributed'],
  ['contacts', 'distributed'],
  ['pipelines', 'distributed'],
  ['deals', 'distributed'],
  ['activities', 'distributed'],
  ['record_changes', 'distributed'],
  ['record_conflicts', 'distributed'],
  ['sync_horizons', 'distributed'],
  ['sync_scope_moves', 'distributed'],
  ['invites', 'distributed'],
  ['api_keys', 'distributed'],
  ['api_key_routes', 'distributed'],
  ['api_idempotency', 'distributed'],
  ['mail_outbox', 'distributed'],
  ['notifications', 'distributed'],
  ['webhook_subscriptions', 'distributed'],
  ['webhook_deliveries', 'distributed'],
  ['webhook_delivery_attempts', 'distributed'],
  ['audit_log', 'distributed'],
  ['audit_values', 'distributed'],
  ['audit_pending', 'distributed'],
  ['audit_heads', 'distributed'],
  ['audit_checkpoints', 'distributed'],
  ['workflows', 'distributed'],
  ['workflow_versions', 'distributed'],
  ['workflow_runs', 'distributed'],
  ['workflow_run_steps', 'distributed'],
  ['workflow_schedules', 'distributed'],
  ['workflow_hook_routes', 'distributed'],
  ['workflow_round_robin', 'distributed'],
  ['privacy_requests', 'distributed'],
  ['workflow_secrets', 'distributed'],
];

/** The distribution column of every distributed table. */
export const DISTRIBUTION_COLUMN = 'tenant_id';

/**
 * The statements that distribute a migrated database, in order: reference tables, then the
 * tenant tables co-located with the first of them. Coordinator tables need none.
 */
export function citusStatements(): string[] {
  const distributed = CITUS_LAYOUT.filter(([, p]) => p === 'distributed').map(([t]) => t);
  const anchor = distributed[0];
  return [
    ...CITUS_LAYOUT.filter(([, p]) => p === 'reference').map(([t]) => `SELECT create_reference_table('${t}');`),
    ...distributed.map((t) =>
      t === anchor
        ? `SELECT create_distributed_table('${t}', '${DISTRIBUTION_COLUMN}');`
        : `SELECT create_distributed_table('${t}', '${DISTRIBUTION_COLUMN}', colocate_with => '${anchor}');`,
    ),
  ];
}
