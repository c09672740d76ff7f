-- Password reset by mailed single-use link (issue 18, item 3). Asking answers the same whether
-- or not the address has an account; only an account's address gets a link. Only the token's
-- SHA-256 is stored (lib/auth/single-use-token.ts), so a database reader cannot use a pending
-- link. A reset marks every pending link of the account used.
--
-- System-only, like the credentials tables of 0003 and signup_requests (0010): crm_app gets no grant.
CREATE TABLE password_resets (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id),
  token_hash text NOT NULL UNIQUE,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX password_resets_user ON password_resets (user_id) WHERE used_at IS NULL;
