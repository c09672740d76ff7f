-- Workflows name record fields by their wire names (`stageId`), as documents, the change log
-- and the audit log do, instead of SQL column names (`stage_id`): workflow steps now write
-- through the one record pipeline (lib/records/apply-changes.ts) and the builder reads its
-- fields from the collection definitions. This rewrites what was stored under the old names,
-- so definitions become schemaVersion 2 and in-flight runs keep working:
--   * definitions (drafts and published versions): every "field" value, and the field of
--     every {{record.x}} placeholder in any text;
--   * runs: the record, before and changed fields their trigger carries;
--   * record_changes written by the old workflow writer (source 'workflow'), which the
--     trigger consumer may not have read yet.
-- Step history (workflow_run_steps) and audit entries keep the names they were written with:
-- they are history, and the audit chain must not change.
-- The tables force row-level security, so each tenant's rows are rewritten with that tenant set.

-- stage_id -> stageId; names that are not snake_case (`_deleted`, `stageId`) stay as they are.
CREATE FUNCTION crm_migrate_camel(name text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN name ~ '^[a-z][a-z0-9]*(_[a-z0-9]+)+$' THEN (
    SELECT string_agg(CASE WHEN i = 1 THEN p ELSE upper(left(p, 1)) || substr(p, 2) END, '' ORDER BY i)
    FROM unnest(string_to_array(name, '_')) WITH ORDINALITY AS t(p, i)
  ) ELSE name END
$$;

CREATE FUNCTION crm_migrate_template(s text) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  m text[];
  out text := s;
BEGIN
  FOR m IN SELECT regexp_matches(s, '(\{\{\s*record\.([a-zA-Z0-9_]+)\s*\}\})', 'g') LOOP
    out := replace(out, m[1], replace(m[1], '.' || m[2], '.' || crm_migrate_camel(m[2])));
  END LOOP;
  RETURN out;
END
$$;

CREATE FUNCTION crm_migrate_definition(j jsonb) RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  CASE jsonb_typeof(j)
    WHEN 'object' THEN
      RETURN coalesce((
        SELECT jsonb_object_agg(k, CASE WHEN k = 'field' AND jsonb_typeof(v) = 'string' THEN to_jsonb(crm_migrate_camel(v #>> '{}')) ELSE crm_migrate_definition(v) END)
        FROM jsonb_each(j) AS e(k, v)
      ), '{}'::jsonb);
    WHEN 'array' THEN
      RETURN coalesce((SELECT jsonb_agg(crm_migrate_definition(v) ORDER BY i) FROM jsonb_array_elements(j) WITH ORDINALITY AS e(v, i)), '[]'::jsonb);
    WHEN 'string' THEN
      RETURN to_jsonb(crm_migrate_template(j #>> '{}'));
    ELSE
      RETURN j;
  END CASE;
END
$$;

CREATE FUNCTION crm_migrate_keys(j jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN jsonb_typeof(j) = 'object'
    THEN coalesce((SELECT jsonb_object_agg(crm_migrate_camel(k), v) FROM jsonb_each(j) AS e(k, v)), '{}'::jsonb)
    ELSE j END
$$;

CREATE FUNCTION crm_migrate_names(j jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN jsonb_typeof(j) = 'array'
    THEN coalesce((SELECT jsonb_agg(to_jsonb(crm_migrate_camel(v)) ORDER BY i) FROM jsonb_array_elements_text(j) WITH ORDINALITY AS e(v, i)), '[]'::jsonb)
    ELSE j END
$$;

DO $$
DECLARE
  tenant uuid;
BEGIN
  FOR tenant IN SELECT id FROM tenants LOOP
    PERFORM set_config('app.tenant_id', tenant::text, true);
    UPDATE workflows
      SET draft = jsonb_set(crm_migrate_definition(draft), '{schemaVersion}', '2')
      WHERE tenant_id = tenant AND draft->>'schemaVersion' = '1';
    UPDATE workflow_versions
      SET definition = jsonb_set(crm_migrate_definition(definition), '{schemaVersion}', '2')
      WHERE tenant_id = tenant AND definition->>'schemaVersion' = '1';
    UPDATE workflow_runs
      SET trigger = trigger
        || CASE WHEN trigger ? 'record' THEN jsonb_build_object('record', crm_migrate_keys(trigger->'record')) ELSE '{}'::jsonb END
        || CASE WHEN trigger ? 'before' THEN jsonb_build_object('before', crm_migrate_keys(trigger->'before')) ELSE '{}'::jsonb END
        || CASE WHEN trigger ? 'changedFields' THEN jsonb_build_object('changedFields', crm_migrate_names(trigger->'changedFields')) ELSE '{}'::jsonb END
      WHERE tenant_id = tenant;
    UPDATE record_changes
      SET before = crm_migrate_keys(before), after = crm_migrate_keys(after),
          changed_fields = ARRAY(SELECT crm_migrate_camel(f) FROM unnest(changed_fields) WITH ORDINALITY AS u(f, i) ORDER BY i)
      WHERE tenant_id = tenant AND source = 'workflow';
  END LOOP;
  PERFORM set_config('app.tenant_id', '', true);
END
$$;

DROP FUNCTION crm_migrate_names(jsonb);
DROP FUNCTION crm_migrate_keys(jsonb);
DROP FUNCTION crm_migrate_definition(jsonb);
DROP FUNCTION crm_migrate_template(text);
DROP FUNCTION crm_migrate_camel(text);
