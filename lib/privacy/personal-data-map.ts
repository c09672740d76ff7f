// Shared with the browser (and the source of docs/privacy.md): where personal data lives. Every
// text, varchar, text[], json and jsonb column of every table in the migrated schema (public)
// is classified here, with a short description; personal-data-map.test.ts reads the schema
// from information_schema and fails on a column that is missing, so a migration that adds a
// column must say here what it holds and how an erasure treats it.

/**
 * How an erasure (lib/privacy/erase-contact.ts) treats a column:
 *  - 'record field': a field of a synced CRM record; an erased record keeps a tombstone without
 *    it, other records are handled as their table's `erasure` says;
 *  - 'payload': a copy of record values made for the software's own work (change log, audit
 *    values, workflow runs, webhooks, conflicts, API answers, notifications, mail); removed or
 *    redacted by the eraser of its table (erase-payloads.ts);
 *  - 'not personal': holds no contact's data; the description says why;
 *  - 'directory': data of the organization's own people (users, members, sign-in), not of the
 *    contacts a privacy request is about; it follows the accounts' own lifecycle.
 */
export type Treatment = 'record field' | 'payload' | 'not personal' | 'directory';

export interface ColumnEntry {
  treatment: Treatment;
  /** What the column holds, in a line; for 'not personal', why it is not. */
  description: string;
}

export interface TableEntry {
  /** What the table is for. */
  about: string;
  /** How an erasure treats the table's rows (tables with record fields or payloads). */
  erasure?: string;
  columns: Record<string, ColumnEntry>;
}

const rec = (description: string): ColumnEntry => ({ treatment: 'record field', description });
const payload = (description: string): ColumnEntry => ({ treatment: 'payload', description });
const none = (description: string): ColumnEntry => ({ treatment: 'not personal', description });
const staff = (description: string): ColumnEntry => ({ treatment: 'directory', description });

const HASH = none('A hash or sealed secret: no value can be read back from it.');
const AUDIT_COLUMNS = {
  action: none('The action name (record.update, privacy.erase, ...).'),
  target_type: none('The kind of thing acted on (a collection, tenant, webhook...).'),
  target_id: none('The id of the thing acted on: an id says nothing about a person.'),
  data: none('Field names, sources, ids and counts; record values are kept apart in audit_values so they can be erased.'),
  ip: staff('The address of the staff member (or API key) who acted.'),
  user_agent: staff('The browser of the staff member who acted.'),
  request_id: none('A random id correlating logs of one request.'),
};

/** Every table of the public schema, by name. */
export const PERSONAL_DATA_MAP: Readonly<Record<string, TableEntry>> = {
  contacts: {
    about: 'The people the organization sells to: the subject of privacy requests (synced to phones).',
    erasure: 'The erased contact becomes a tombstone without its values (scrubbedTombstone), written through the record pipeline; phones remove their copy on their next pull. Other contacts are not changed.',
    columns: {
      first_name: rec('First name.'),
      last_name: rec('Last name.'),
      email: rec('Email address.'),
      phone: rec('Phone number.'),
      title: rec('Job title.'),
    },
  },
  activities: {
    about: 'Calls, visits, notes and tasks, linked to a contact, company or deal (synced to phones).',
    erasure: 'Activities linked to the erased contact become tombstones without values (coordinates too); in other activities the person\'s email, phone or full name are redacted from subject and body.',
    columns: {
      kind: none('One of call, visit, note, task.'),
      subject: rec('Subject line, free text: may name people.'),
      body: rec('Notes, free text: may name people.'),
    },
  },
  deals: {
    about: 'Sales opportunities, optionally linked to a contact (synced to phones).',
    erasure: 'Deals are the organization\'s and are kept: the erased contact is unlinked (contactId becomes null) and its values are redacted from deal names.',
    columns: {
      name: rec('Deal name, free text: may name its buyer.'),
      stage_id: none('The pipeline stage\'s id.'),
      currency: none('A three-letter currency code.'),
      status: none('One of open, won, lost.'),
    },
  },
  companies: {
    about: 'The organizations contacts work for (synced to phones).',
    erasure: 'Kept: a company is the organization it names, not the person; its fields may equal the person\'s (a switchboard) and stay that company\'s data.',
    columns: {
      name: rec('Company name.'),
      domain: rec('Web domain.'),
      industry: rec('Industry.'),
      phone: rec('Main phone number.'),
      address: rec('Street address.'),
      city: rec('City.'),
      country: rec('Country (also the sync territory).'),
    },
  },
  pipelines: {
    about: 'Sales pipelines and their stages (configuration, synced to phones).',
    columns: {
      name: none('Configuration: a pipeline\'s name.'),
      stages: none('Configuration: stage ids, names and probabilities.'),
    },
  },
  record_changes: {
    about: 'The change log: whole documents before and after every record write, read by workflows, webhooks and sync (kept RECORD_CHANGES_RETENTION_DAYS).',
    erasure: 'The erased records\' rows keep their shape, ids and times without values (including the rows the erasure writes); other activities\' and deals\' rows lose the person\'s values from their free-text fields.',
    columns: {
      collection: none('The collection\'s name.'),
      op: none('create, update or delete.'),
      before: payload('The whole record before the write.'),
      after: payload('The whole record after the write.'),
      changed_fields: none('Names of the fields that changed.'),
      source: none('Which writer made the change (sync, api, workflow, import, system).'),
      client_mutation_id: none('A random id the writer gave the change.'),
    },
  },
  audit_log: {
    about: 'The hash-chained audit log: who did what, when (kept per the tenant\'s audit retention).',
    erasure: 'Never changed (the chain must verify); entries hold field names, not values.',
    columns: { ...AUDIT_COLUMNS, prev_hash: HASH, hash: HASH },
  },
  audit_values: {
    about: 'Before/after values of audited record changes, kept beside the chain so they can be erased.',
    erasure: 'Removed for entries about the erased records and for entries whose free-text values name the person; the entry then reads "values erased" and the chain still verifies.',
    columns: { changes: payload('Field-level before and after values of one audit entry.') },
  },
  audit_pending: {
    about: 'Audit entries written but not yet chained (seconds, normally).',
    erasure: 'Chained first, under the tenant\'s audit lock, so their values reach audit_values and are erased there; values of any entry the sequencer refused are cleared.',
    columns: { ...AUDIT_COLUMNS, changes: payload('Before and after values waiting to move to audit_values.'), content_hash: HASH },
  },
  audit_checkpoints: { about: 'Where audit retention cut the chain.', columns: { hash: HASH } },
  audit_heads: {
    about: 'Signed heads of each audit chain.',
    columns: { payload: none('A chain position, hash and counts.'), key_id: none('Which signing key.'), signature: HASH },
  },
  workflow_runs: {
    about: 'Workflow runs: what triggered them and where they are (payloads kept WORKFLOW_RUN_PAYLOAD_RETENTION_DAYS after a run ends).',
    erasure: 'Runs about an erased record lose their trigger payload (leaving `erased: true` and the changed field names) and are cancelled if still going; in other runs the person\'s values are redacted.',
    columns: {
      status: none('The run\'s state.'),
      trigger_key: none('What caused the run: a change id, mutation id or schedule slot.'),
      trigger_type: none('record, schedule, webhook or manual.'),
      trigger: payload('The trigger input: the record, its previous values, webhook or manual input.'),
      record_collection: none('The collection of the record the run is about.'),
      current_step: none('The step id the run is at.'),
      error: payload('Why the run failed; may quote a value.'),
    },
  },
  workflow_run_steps: {
    about: 'Each step a run took, with its input and output.',
    erasure: 'Steps of runs about an erased record lose their input and output; elsewhere the person\'s values are redacted.',
    columns: {
      step_id: none('The step\'s id in its definition.'),
      step_type: none('The kind of step.'),
      status: none('The step\'s outcome.'),
      input: payload('What the step read: a record, a rendered message, a webhook body.'),
      output: payload('What the step produced: a written record, a response.'),
      decision: none('yes or no, for a condition step.'),
      error: payload('Why the step failed; may quote a value.'),
    },
  },
  webhook_deliveries: {
    about: 'Outgoing webhook events and their delivery state (kept RECORD_CHANGES_RETENTION_DAYS once finished).',
    erasure: 'Events about an erased record are deleted with their attempts, sent or not (subscribers receive the erasure as a deleted event without values); other payloads have the person\'s values redacted.',
    columns: {
      event_id: none('The event\'s id (derived from its cause).'),
      event_type: none('contacts.updated, workflow_run.failed, ...'),
      payload: payload('The event as sent: the record and its previous values.'),
      status: none('pending, delivered or failed.'),
      last_error: payload('The last attempt\'s error.'),
    },
  },
  webhook_delivery_attempts: {
    about: 'Every attempt of every delivery.',
    erasure: 'Deleted with their delivery.',
    columns: { cause: none('auto or redeliver.'), error: none('An HTTP status or network error from the receiver, never the payload.') },
  },
  webhook_subscriptions: {
    about: 'Where outgoing webhooks go (configuration).',
    columns: {
      url: none('Configuration: the receiver\'s URL.'),
      description: none('Configuration: what the subscription is for.'),
      event_types: none('Configuration: the events sent.'),
      secret_sealed: HASH,
      previous_secret_sealed: HASH,
    },
  },
  record_conflicts: {
    about: 'Values set aside in sync conflicts, shown to both people involved (kept CONFLICT_NOTICE_DAYS).',
    erasure: 'Conflicts of an erased record are deleted; other conflicts have the person\'s values redacted.',
    columns: {
      collection: none('The collection\'s name.'),
      field: none('The field in conflict.'),
      kind: none('What kind of conflict.'),
      lost_value: payload('The value set aside (a whole record for a deletion against an edit).'),
      kept_value: payload('The value that stayed.'),
      kept_source: none('Which writer\'s value stayed.'),
      fingerprint: HASH,
    },
  },
  api_idempotency: {
    about: 'API v1 answers kept 24 hours for Idempotency-Key repeats.',
    erasure: 'An erased record in a stored answer becomes { id, erased: true } (a repeat then writes nothing); other values of the person are redacted.',
    columns: {
      idempotency_key: none('A key the API client chose.'),
      request_sha256: HASH,
      response: payload('The answer\'s body: the record written.'),
      headers: payload('The answer\'s headers (ETag, Location).'),
    },
  },
  notifications: {
    about: 'In-app notifications for staff (workflow messages, failed-run alerts).',
    erasure: 'The person\'s values are redacted from title, body and link.',
    columns: {
      kind: none('workflow or workflow_failed.'),
      title: payload('A heading, e.g. the workflow\'s name.'),
      body: payload('The message, rendered from the record: may name the person.'),
      link: payload('Where the notification leads.'),
      dedupe_key: none('An id that makes a retried step notify once.'),
    },
  },
  mail_outbox: {
    about: 'Mail the development outbox "sent" for an organization (no SMTP server configured).',
    erasure: 'Mail to the person is deleted; other mail naming them is redacted.',
    columns: {
      to_address: payload('The recipient\'s address.'),
      subject: payload('The subject.'),
      body_text: payload('The text.'),
    },
  },
  privacy_requests: {
    about: 'Exports and erasures made (this feature): who asked, about which contact id, when.',
    columns: {
      kind: none('export or erase.'),
      subject_type: none('contact.'),
      summary: none('Counts per place, never a value.'),
    },
  },
  tenants: {
    about: 'The organizations using the CRM.',
    columns: { name: none('The organization\'s name.'), slug: none('Its URL name.'), plan: none('Its plan.'), settings: none('Configuration: allowlist, sync scope, retention.') },
  },
  users: {
    about: 'Accounts of the organization\'s people (global: one person, several organizations).',
    columns: { email: staff('Sign-in address.'), name: staff('Display name.'), password_hash: staff('argon2id hash of the password.') },
  },
  memberships: {
    about: 'Who belongs to which organization, in which role.',
    columns: { role: staff('The member\'s role.'), team: staff('The member\'s team.'), territories: staff('Countries the member covers.') },
  },
  user_totp: { about: 'Second-factor secrets.', columns: { secret_enc: staff('The sealed TOTP secret.') } },
  recovery_codes: { about: 'Second-factor recovery codes.', columns: { code_hash: HASH } },
  invites: {
    about: 'Invitations to join an organization.',
    columns: { email: staff('The invited person\'s address (a future member).'), role: staff('The role offered.'), token_hash: HASH },
  },
  auth_events: {
    about: 'Sign-in attempts and account changes of the organization\'s people.',
    columns: {
      kind: none('The event\'s name.'),
      outcome: none('success, failure or blocked.'),
      email: staff('The address a sign-in was tried with.'),
      ip: staff('The client\'s address.'),
      user_agent: staff('The client\'s browser.'),
      detail: staff('Reasons and ids about the account event.'),
    },
  },
  signup_requests: { about: 'Pending sign-up links.', columns: { email: staff('The address a future owner signed up with.'), token_hash: HASH } },
  password_resets: { about: 'Pending password-reset links.', columns: { token_hash: HASH } },
  dev_mail_outbox: {
    about: 'Development mail about no organization (sign-up links).',
    columns: { to_address: staff('A future owner\'s address.'), subject: staff('The subject.'), body_text: staff('The text (a sign-up link).') },
  },
  api_keys: {
    about: 'API keys an owner or admin made.',
    columns: {
      name: none('A label for the key.'),
      token_hash: HASH,
      prefix: none('The first characters of the random token.'),
      scopes: none('What the key may do.'),
      last_used_ip: staff('The address the staff member\'s integration called from.'),
    },
  },
  api_key_routes: { about: 'Which tenant a key belongs to.', columns: { token_hash: HASH } },
  workflows: {
    about: 'Workflow definitions (configuration).',
    columns: {
      name: none('Configuration: the workflow\'s name.'),
      draft: none('Configuration: steps refer to records by template ({{record.email}}), not by value.'),
      webhook_token_hash: HASH,
      webhook_secret_sealed: HASH,
    },
  },
  workflow_versions: {
    about: 'Published, immutable workflow versions (configuration).',
    columns: {
      definition: none('Configuration: steps refer to records by template, not by value.'),
      trigger_type: none('The trigger\'s kind.'),
      trigger_collection: none('The collection that triggers it.'),
    },
  },
  workflow_schedules: { about: 'When scheduled workflows run.', columns: { cron: none('A cron expression.'), timezone: none('A time zone name.') } },
  workflow_round_robin: { about: 'Whose turn it is in a round-robin step.', columns: { step_id: none('The step\'s id.') } },
  workflow_secrets: { about: 'Signing secrets of webhook steps.', columns: { name: none('A label.'), sealed: HASH } },
  sync_horizons: { about: 'How far tombstones were purged, per collection.', columns: { collection: none('The collection\'s name.') } },
  sync_scope_moves: {
    about: 'Records entering or leaving a phone\'s sync scope (ids only).',
    columns: { collection: none('The collection\'s name.'), territory: none('A country name (a territory).') },
  },
  maintenance_runs: { about: 'Runs of scheduled jobs.', columns: { job: none('The job\'s name.'), detail: none('Counts and errors of the run.') } },
  schema_migrations: { about: 'Applied migrations.', columns: { name: none('A migration file\'s name.') } },
};

/**
 * Outside the public schema: the job queue (pg-boss, schema `pgboss`) carries ids only
 * (tenantId, runId, changeIds, deliveryId), never record values; workers read the values from
 * the tables above when they run, so an erasure reaches queued work too.
 */
export const QUEUE_NOTE = 'The job queue (pgboss schema) carries ids only: queued work reads record values from the tables above when it runs, after an erasure too.';

/** Tables holding a column of `treatment`. */
export function tablesWith(treatment: Treatment): string[] {
  return Object.entries(PERSONAL_DATA_MAP)
    .filter(([, t]) => Object.values(t.columns).some((c) => c.treatment === treatment))
    .map(([name]) => name)
    .sort();
}
