-- Teams, and the sync scope 'team' (sync/server/scoped-pull.ts): each phone holds the records
-- of everyone in its person's team, plus the contacts and companies their deals and
-- activities link to. A team is a name on memberships (compared without case); a person
-- without one is a team of one. Moves (0018_sync_scopes.sql) stay keyed by person: a team's
-- pull reads the moves of every member. A change of who is in a team changes the team's key
-- in every member's checkpoint (`k`), so their phones pull from the start.
ALTER TABLE memberships ADD COLUMN team text CHECK (team IS NULL OR (length(team) BETWEEN 1 AND 60 AND team = btrim(team)));
CREATE INDEX memberships_team_idx ON memberships (tenant_id, lower(team)) WHERE team IS NOT NULL;
