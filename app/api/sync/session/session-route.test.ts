// The sync session route on a real database: who the phone syncs as, and the colleagues it
// names (only its own tenant's active members, with their teams).
import { describe, expect, it } from 'vitest';
import { requestAs, signedInAs, useAuthFixtureDatabase } from '@/lib/auth/testing-session';
import { withTenant } from '@/lib/db/with-tenant';
import { directorySchema } from '@/sync/schema/directory';
import { GET } from './route';

const URL = 'http://localhost/api/sync/session';

describe('GET /api/sync/session', () => {
  const fx = useAuthFixtureDatabase();

  it("names the tenant's members with their teams (a deactivated one marked), never another tenant's", async () => {
    const { users, tenants } = fx.f;
    await withTenant(tenants.acme, async (tx) => {
      await tx.query("UPDATE memberships SET team = 'North' WHERE user_id = ANY($1)", [[users.rep.id, users.owner.id]]);
      await tx.query('UPDATE memberships SET is_active = false WHERE user_id = $1', [users.admin.id]);
    }, fx.t.db);
    try {
      const res = await GET((await signedInAs(users.rep.email))(URL));
      expect(res.status).toBe(200);
      const body = (await res.json()) as { userId: string; role: string; team: string | null; people: unknown };
      expect(body).toMatchObject({ userId: users.rep.id, tenantId: tenants.acme, role: 'rep', team: 'North' });
      const people = directorySchema.parse(body.people);
      expect(people.map((p) => p.id).sort()).toEqual([users.owner.id, users.admin.id, users.rep.id, users.auditor.id, users.both.id].sort());
      expect(people.find((p) => p.id === users.owner.id)).toEqual({ id: users.owner.id, name: 'Owner', team: 'North', active: true });
      expect(people.find((p) => p.id === users.admin.id)?.active).toBe(false);
      expect(people.find((p) => p.id === users.auditor.id)?.team).toBeNull();
      // Nothing beyond name, team and whether active: a rep's phone has no use for emails or roles.
      expect(Object.keys(people[0]!).sort()).toEqual(['active', 'id', 'name', 'team']);

      // The member of both tenants, signed in to Globex, sees Globex's members only.
      const asGlobex = await GET(await requestAs({ userId: users.both.id, tenantId: tenants.globex }, URL));
      expect(asGlobex.status).toBe(200);
      const globexPeople = directorySchema.parse(((await asGlobex.json()) as { people: unknown }).people);
      expect(globexPeople.map((p) => p.id).sort()).toEqual([users.globexAdmin.id, users.both.id].sort());
    } finally {
      await withTenant(tenants.acme, async (tx) => {
        await tx.query('UPDATE memberships SET team = NULL WHERE user_id = ANY($1)', [[users.rep.id, users.owner.id]]);
        await tx.query('UPDATE memberships SET is_active = true WHERE user_id = $1', [users.admin.id]);
      }, fx.t.db);
    }
  });

  it('is 401 without a session', async () => {
    expect((await GET(new Request(URL))).status).toBe(401);
  });
});
