-- Sign-in, second factor, sessions, invites, mail outbox and the auth event record.
--
-- Credentials and second-factor material are global (one person, several tenants) and are
-- only touched by system code (lib/auth) through withSystem: the app role crm_app gets no
-- grant on them at all, so no tenant query can read a secret, hash or recovery code.

-- TOTP: one row per user. confirmed_at NULL = enrollment started, not yet confirmed.
-- secret_enc is AES-256-GCM sealed (lib/crypto/secret-box.ts), never the plaintext.
-- last_step is the RFC 6238 time step of the last accepted code: a code of that step or an
-- earlier one is refused (replay protection).
CREATE TABLE user_totp (
  user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  secret_enc text NOT NULL,
  confirmed_at timestamptz,
  last_step bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Single-use recovery codes, stored as SHA-256 of the normalised code (they are random,
-- 60 bits each, so a fast hash is enough: there is no dictionary to try).
CREATE TABLE recovery_codes (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  code_hash text NOT NULL,
  used_at timestamptz,
  PRIMARY KEY (user_id, code_hash)
);

-- Denylist of signed-out session ids, kept until the token would have expired anyway.
CREATE TABLE revoked_sessions (
  sid uuid PRIMARY KEY,
  user_id uuid NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX revoked_sessions_expiry_idx ON revoked_sessions (expires_at);

-- Every sign-in attempt, code attempt and membership change, success or failure. The audit
-- issue makes this tamper-evident; for now it is append-only by convention (lib/auth only
-- inserts) and invisible to the app role.
CREATE TABLE auth_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  kind text NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('success', 'failure', 'blocked')),
  user_id uuid,
  tenant_id uuid,
  actor_id uuid,
  email text,
  ip text,
  user_agent text,
  detail jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX auth_events_user_idx ON auth_events (user_id, occurred_at);
CREATE INDEX auth_events_tenant_idx ON auth_events (tenant_id, occurred_at);
-- Like every table with a tenant_id: row-level security forced, so when the audit issue
-- grants the app role read access, a tenant sees only its own events. No grant yet.
ALTER TABLE auth_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE auth_events FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON auth_events
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

-- Invites: a single-use, expiring link. Only the SHA-256 of the token is stored.
CREATE TABLE invites (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  email text NOT NULL CHECK (email = lower(email) AND position('@' IN email) > 1),
  role text NOT NULL CHECK (role IN ('owner', 'admin', 'manager', 'rep', 'auditor')),
  token_hash text NOT NULL UNIQUE,
  invited_by uuid,
  expires_at timestamptz NOT NULL,
  accepted_at timestamptz,
  accepted_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);

-- Development mail outbox: what the mail interface "sent" when no SMTP server is configured.
CREATE TABLE mail_outbox (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id bigint GENERATED ALWAYS AS IDENTITY,
  to_address text NOT NULL,
  subject text NOT NULL,
  body_text text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['invites', 'mail_outbox']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I USING (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid) WITH CHECK (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid)',
      t
    );
  END LOOP;
END
$$;
GRANT SELECT, INSERT ON invites TO crm_app;
GRANT SELECT, INSERT ON mail_outbox TO crm_app;
