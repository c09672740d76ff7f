-- Sign-up by mailed link (issue 13, item 1). Creating an organization starts with an email
-- address only; the server answers the same whether or not that address has an account and
-- mails a single-use link. The link's page asks for the organization name and, for a new
-- person, their name and password; an existing account must be signed in to use it. So the
-- sign-up form never checks a password and never tells who has an account.
--
-- System-only, like the credentials tables of 0003: crm_app gets no grant.
CREATE TABLE signup_requests (
  id uuid PRIMARY KEY,
  email text NOT NULL CHECK (email = lower(email) AND position('@' IN email) > 1),
  token_hash text NOT NULL UNIQUE,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX signup_requests_email ON signup_requests (email, created_at);

-- Development outbox for mail that belongs to no organization yet (sign-up links). Written
-- only by the outbox mailer, which exists in development and test runs (never in production
-- unless MAIL_DEV_OUTBOX=1 is set on purpose for a test server).
CREATE TABLE dev_mail_outbox (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  to_address text NOT NULL,
  subject text NOT NULL,
  body_text text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dev_mail_outbox_to ON dev_mail_outbox (to_address, id);
