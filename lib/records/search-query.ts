// Shared with the browser: what an online record search accepts (search-records.ts runs it),
// so a screen checks the text before asking, with the server's own words.
import { z } from 'zod';
import { safeText } from '@/sync/schema/safe-values';

/** Most records one online search answers. */
export const MAX_SEARCH_RESULTS = 50;

export const searchQuerySchema = z.strictObject({
  q: safeText().trim().min(2, 'Type at least 2 characters.').max(200, 'Search for at most 200 characters.'),
  limit: z.coerce.number().int().min(1).max(MAX_SEARCH_RESULTS).default(20),
});
