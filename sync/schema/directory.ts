// Shared by browser and server: the colleagues a phone can name (task owners, "my team"),
// sent with the sync session and kept on the phone so the names show offline.
import { z } from 'zod';

export const colleagueSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  /** The member's team (set on the Members page), or null. */
  team: z.string().nullable(),
});
export type Colleague = z.infer<typeof colleagueSchema>;

export const directorySchema = z.array(colleagueSchema);
