// Shared with the browser (the privacy page validates with these and reads the answers' types):
// the inputs of the privacy routes (/api/admin/privacy) and the request record they answer with.
import { z } from 'zod';
import { safeText } from '@/sync/schema/safe-values';

export const PRIVACY_REQUEST_KINDS = ['export', 'erase'] as const;
export type PrivacyRequestKind = (typeof PRIVACY_REQUEST_KINDS)[number];

export const EXPORT_FORMATS = ['json', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** `GET /api/admin/privacy/contacts?q=`: part of a name or email address. */
export const contactSearchQuery = z.object({
  // safeText: a NUL or lone surrogate would reach Postgres, which refuses it (a 500).
  q: safeText().trim().min(1, 'type part of a name or email address').max(200, 'at most 200 characters'),
});
export type ContactSearchQuery = z.infer<typeof contactSearchQuery>;

/** `GET /api/admin/privacy/contacts?id=`: one contact, chosen elsewhere (its page's privacy link). */
export const contactIdQuery = z.object({ id: z.uuid('not a contact id') });

/** `POST /api/admin/privacy/export`. */
export const exportContactInput = z.strictObject({
  contactId: z.uuid('choose a contact'),
  format: z.enum(EXPORT_FORMATS, 'choose json or csv'),
});
export type ExportContactInput = z.infer<typeof exportContactInput>;

/**
 * `POST /api/admin/privacy/erase`. `confirm` must be literally true: an erasure cannot be
 * undone, so a client that forgot to ask the person is refused rather than trusted.
 */
export const eraseContactInput = z.strictObject({
  contactId: z.uuid('choose a contact'),
  confirm: z.literal(true, 'confirm the erasure: it cannot be undone'),
});
export type EraseContactInput = z.infer<typeof eraseContactInput>;

/** The most contacts one search answers with: the admin narrows the text rather than scrolls. */
export const MAX_FOUND_CONTACTS = 20;

/**
 * A contact the search found: enough to tell two people of the same name apart. `deleted`: the
 * contact was deleted (not erased): its tombstone, history and audit values still hold its data.
 */
export interface PrivacyContact {
  id: string;
  firstName: string;
  lastName: string;
  email: string | null;
  companyName: string | null;
  deleted: boolean;
}

/**
 * One export or erasure, as listed on the privacy page. `summary` holds counts per place
 * (`{ contacts: 1, activities: 3, changes: 12, ... }`), never a value of the person's.
 */
export interface PrivacyRequest {
  id: string;
  kind: PrivacyRequestKind;
  subjectId: string;
  /** Who asked; `id` is null once their account was deleted, `name` null when no longer a member. */
  requestedBy: { id: string | null; name: string | null };
  createdAt: string;
  summary: Record<string, number>;
}
