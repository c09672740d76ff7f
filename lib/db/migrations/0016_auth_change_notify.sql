-- Everything a session check reads (lib/auth/auth-state.ts) announces its changes on the
-- session channel at commit: users (active, session version, name), revoked sessions,
-- second factors, memberships (role, active, new ones) and tenants (IP allowlist, 2FA
-- policy, plan, name). Live streams recheck their session on it, and every instance's session
-- cache (lib/auth/auth-state-cache.ts) drops what it holds of that person or organization.
-- A trigger, not each writer: a writer added later cannot forget it.
-- The payload text equals JSON.stringify({u}) / ({t}), so Postgres folds repeats within one
-- transaction into one notification.

CREATE FUNCTION notify_auth_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  row_of record;
BEGIN
  IF TG_OP = 'DELETE' THEN row_of := OLD; ELSE row_of := NEW; END IF;
  IF TG_TABLE_NAME = 'tenants' THEN
    PERFORM pg_notify('crm_session_revocations', format('{"t":"%s"}', row_of.id));
  ELSIF TG_TABLE_NAME = 'users' THEN
    PERFORM pg_notify('crm_session_revocations', format('{"u":"%s"}', row_of.id));
  ELSE
    PERFORM pg_notify('crm_session_revocations', format('{"u":"%s"}', row_of.user_id));
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER users_auth_change AFTER UPDATE OR DELETE ON users FOR EACH ROW EXECUTE FUNCTION notify_auth_change();
CREATE TRIGGER revoked_sessions_auth_change AFTER INSERT ON revoked_sessions FOR EACH ROW EXECUTE FUNCTION notify_auth_change();
CREATE TRIGGER user_totp_auth_change AFTER INSERT OR UPDATE OF confirmed_at OR DELETE ON user_totp FOR EACH ROW EXECUTE FUNCTION notify_auth_change();
CREATE TRIGGER memberships_auth_change AFTER INSERT OR UPDATE OR DELETE ON memberships FOR EACH ROW EXECUTE FUNCTION notify_auth_change();
CREATE TRIGGER tenants_auth_change AFTER UPDATE OR DELETE ON tenants FOR EACH ROW EXECUTE FUNCTION notify_auth_change();
