-- Keys a Citus cluster can enforce (docs/scaling.md, lib/db/citus-layout.ts): on a table
-- distributed by tenant_id, every primary key and unique constraint must contain tenant_id,
-- since each is checked on one shard. These two were global; both stay found by their lookup
-- column through a plain index.

-- An invite's token is 32 random bytes, so its hash is unique by construction; per tenant is
-- what the database can promise once the table is sharded.
ALTER TABLE invites DROP CONSTRAINT invites_token_hash_key;
ALTER TABLE invites ADD CONSTRAINT invites_tenant_token_hash_key UNIQUE (tenant_id, token_hash);
CREATE INDEX invites_token_hash_idx ON invites (token_hash);

-- Workflow ids are UUIDs, unique across tenants; the public hook endpoint still finds the
-- tenant from the id alone.
ALTER TABLE workflow_hook_routes DROP CONSTRAINT workflow_hook_routes_pkey;
ALTER TABLE workflow_hook_routes ADD PRIMARY KEY (tenant_id, workflow_id);
CREATE INDEX workflow_hook_routes_workflow_idx ON workflow_hook_routes (workflow_id);
