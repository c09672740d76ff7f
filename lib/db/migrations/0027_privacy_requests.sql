-- Privacy requests (issue 20, item 2; GDPR articles 15, 17 and 20): each export or erasure of
-- a contact an owner or admin makes is kept here, and listed on the privacy page, beside its
-- audit entry (privacy.export / privacy.erase). The row names the subject by id only and holds
-- counts (`summary`: { contacts: 1, changes: 12, ... }), never a value: a record of an erasure
-- must not keep what it erased (lib/privacy).
--
-- A tenant table like every other (0001): tenant_id first in the key, FORCE ROW LEVEL SECURITY.
-- The app role inserts (an export runs in the tenant's transaction) and reads; rows are never
-- changed or removed by the app. An erasure runs as the owner with the tenant set, since it
-- rewrites the change log and the audit values, which the app role may never change.

CREATE TABLE privacy_requests (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('export', 'erase')),
  subject_type text NOT NULL DEFAULT 'contact' CHECK (subject_type IN ('contact')),
  subject_id uuid NOT NULL,
  -- The owner or admin who asked; NULL once that account is deleted (the audit entry keeps the id).
  requested_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- What was exported or erased, as counts per place (numbers only, checked here too).
  summary jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(summary) = 'object'),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX privacy_requests_list_idx ON privacy_requests (tenant_id, created_at DESC);
CREATE INDEX privacy_requests_subject_idx ON privacy_requests (tenant_id, subject_id);
-- The erased contacts: every record write that names a contact asks whether it was erased
-- (lib/privacy/erased-records.ts), so that look-up is one small index of erase rows only.
CREATE INDEX privacy_requests_erased_idx ON privacy_requests (tenant_id, subject_id) WHERE kind = 'erase';

ALTER TABLE privacy_requests ENABLE ROW LEVEL SECURITY;
ALTER TABLE privacy_requests FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON privacy_requests
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
GRANT SELECT, INSERT ON privacy_requests TO crm_app;
