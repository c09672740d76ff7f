-- Password reset by mailed single-use link (issue 18, item 3). Asking answers the same whether
-- or not the address has an account, and does the same work: a row is written either way,
-- with no user for an address that has no active account (its mail holds no link). Only the
-- token's SHA-256 is stored (lib/auth/single-use-token.ts), so a database reader cannot use a
-- pending link. A reset, or a password change, marks every pending link of the account used.
-- No foreign key to users, like revoked_sessions: under Citus this table stays on the
-- coordinator, and users is a reference table (docs/scaling.md).
--
-- System-only, like the credentials tables of 0003 and signup_requests (0010): crm_app gets no grant.
CREATE TABLE password_resets (
  id uuid PRIMARY KEY,
  user_id uuid,
  token_hash text NOT NULL UNIQUE,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX password_resets_user ON password_resets (user_id) WHERE used_at IS NULL;
