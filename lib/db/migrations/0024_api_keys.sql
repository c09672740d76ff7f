-- Per-tenant API keys for the public REST API (/api/v1, issue 19). An owner or admin makes a
-- key with a name and a list of scopes; the token (`crm_` + base64url of 32 random bytes) is
-- shown once and only its hash is kept (lib/api-keys/api-keys.ts). A key acts as the person
-- who made it, and dies with that person's admin rights (lib/api-keys/authenticate-api-key.ts).
--
-- api_keys is a tenant table like every other: tenant_id first in the key, FORCE ROW LEVEL
-- SECURITY, the app role sees the current tenant's keys only.
--
-- api_key_routes: which tenant and key a token hash belongs to. A request carrying a key has
-- no session, so the tenant is not known when the key arrives, and it must never be taken from
-- the request either. Like workflow_hook_routes (0008) it is engine-only; the app role reaches
-- it only through api_key_route(hash), which answers for one exact hash and nothing else.

CREATE TABLE api_keys (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  -- sha256 (lowercase hex) of the whole token. The token carries 32 random bytes (256 bits), so
  -- a fast unsalted hash is right here: nothing can be guessed or precomputed against it, unlike
  -- a password, and a slow hash (argon2) would only cost time on every API request.
  token_hash text NOT NULL CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  -- The first characters of the token (`crm_` + 8), shown in lists so people can tell keys apart.
  prefix text NOT NULL CHECK (length(prefix) BETWEEN 4 AND 32),
  -- `<resource>:read` / `<resource>:write` (lib/api-keys/scopes.ts); unknown entries are ignored when read.
  scopes text[] NOT NULL CHECK (cardinality(scopes) BETWEEN 1 AND 64),
  -- The owner or admin who made (or last rotated) the key: the key acts as this person.
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz,
  -- Written at most once a minute per key (authenticate-api-key.ts), not on every request.
  last_used_at timestamptz,
  last_used_ip text CHECK (length(last_used_ip) <= 64),
  revoked_at timestamptz,
  revoked_by uuid,
  PRIMARY KEY (tenant_id, id),
  -- The token (32 random bytes) is unique by construction; per tenant is what a sharded table
  -- can promise (0017_citus_ready_keys.sql).
  UNIQUE (tenant_id, token_hash)
);
CREATE INDEX api_keys_list_idx ON api_keys (tenant_id, created_at DESC);

ALTER TABLE api_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON api_keys
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
-- Keys are never edited or deleted by the app: a new token is a new row (rotation), and the
-- only later changes are the usage stamp and the revocation. Revoked keys stay, for the record.
GRANT SELECT, INSERT ON api_keys TO crm_app;
GRANT UPDATE (last_used_at, last_used_ip, revoked_at, revoked_by) ON api_keys TO crm_app;

CREATE TABLE api_key_routes (
  tenant_id uuid NOT NULL,
  key_id uuid NOT NULL,
  token_hash text NOT NULL,
  PRIMARY KEY (tenant_id, key_id),
  FOREIGN KEY (tenant_id, key_id) REFERENCES api_keys (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX api_key_routes_hash_idx ON api_key_routes (token_hash);

ALTER TABLE api_key_routes ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_key_routes FORCE ROW LEVEL SECURITY;
CREATE POLICY engine_only ON api_key_routes USING (current_user <> 'crm_app') WITH CHECK (current_user <> 'crm_app');

-- Security: SECURITY DEFINER so the app role can keep the route table in step without any
-- grant on it; the function only copies the new key's own tenant, id and hash.
CREATE FUNCTION api_key_add_route() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  INSERT INTO api_key_routes (tenant_id, key_id, token_hash) VALUES (NEW.tenant_id, NEW.id, NEW.token_hash);
  RETURN NEW;
END
$$;
REVOKE ALL ON FUNCTION api_key_add_route() FROM PUBLIC;

CREATE TRIGGER api_keys_route
  AFTER INSERT ON api_keys
  FOR EACH ROW EXECUTE FUNCTION api_key_add_route();

-- Security: the one way the app role finds a key before it knows the tenant. It answers only
-- for the exact hash given (the tenant and key id, nothing of the key itself), so it cannot
-- list keys or tenants; the key row is then read inside that tenant, under its RLS policy.
CREATE FUNCTION api_key_route(hash text) RETURNS TABLE (tenant_id uuid, key_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT r.tenant_id, r.key_id FROM api_key_routes r WHERE r.token_hash = hash
$$;
REVOKE ALL ON FUNCTION api_key_route(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api_key_route(text) TO crm_app;
