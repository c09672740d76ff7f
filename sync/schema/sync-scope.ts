// Shared by browser and server: what each phone of a tenant holds (tenants.settings.syncScope).
import { z } from 'zod';

export const SYNC_SCOPES = ['all', 'team', 'territory', 'own'] as const;
export const syncScopeSchema = z.enum(SYNC_SCOPES, { error: 'Choose everything, team records, territory records or own records.' });
export type SyncScope = z.infer<typeof syncScopeSchema>;

export const syncScopeInput = z.strictObject({ scope: syncScopeSchema });
export type SyncScopeInput = z.infer<typeof syncScopeInput>;

/** What each choice means, in the settings form and in the docs. */
export const SYNC_SCOPE_LABELS: Record<SyncScope, { label: string; hint: string }> = {
  all: { label: 'Everything', hint: 'Every phone holds every record of the organization.' },
  team: {
    label: 'Team records',
    hint: 'Each phone holds the records of everyone in its person’s team (set on the Members page), plus the contacts and companies their deals and activities link to, and the pipelines. Someone without a team holds their own. The rest is searched online.',
  },
  territory: {
    label: 'Territory records',
    hint: 'Each phone holds the companies whose country is one of its person’s territories (set on the Members page), with their contacts, deals and activities, plus its person’s own records and what they link to, and the pipelines. The rest is searched online.',
  },
  own: {
    label: 'Own records',
    hint: 'Each phone holds the records its person owns, plus the contacts and companies their deals and activities link to, and the pipelines. The rest is searched online.',
  },
};

/** The scope stored in tenants.settings; anything unreadable means 'all' (today's behaviour). */
export function syncScopeFromSettings(settings: unknown): SyncScope {
  const raw = settings && typeof settings === 'object' ? (settings as Record<string, unknown>).syncScope : undefined;
  const parsed = syncScopeSchema.safeParse(raw);
  return parsed.success ? parsed.data : 'all';
}
