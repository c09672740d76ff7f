// Shared with the browser (a download's shape, for anyone reading an export back): what a
// contact's export holds, section by section.
import type { AnyWireDoc } from '@/sync/schema/collections';

/**
 * Everything held about one contact (GDPR articles 15 and 20), one section per place. Copies
 * made by workflows, webhooks, conflicts, notifications, mail and stored API answers are found
 * by the ids of the contact and its activities, or by the person's email, phone or full name.
 */
export interface ContactExport {
  exportedAt: string;
  subject: { type: 'contact'; id: string };
  /** The record as it is now (`_deleted` when deleted); null when only its history remains. */
  contact: AnyWireDoc | null;
  activities: AnyWireDoc[];
  deals: AnyWireDoc[];
  /** Other activities and deals whose free text names the person (mention-fields.ts), with `collection`. */
  mentions: ExportRow[];
  /** The change log of the contact, its activities and its deals: whole documents before and after. */
  changes: ExportRow[];
  /** Audit entries about those records, with their before/after values (null once erased). */
  auditEntries: ExportRow[];
  /** Workflow runs about those records or carrying the person's values, with their steps. */
  workflowRuns: ExportRow[];
  webhookDeliveries: ExportRow[];
  conflicts: ExportRow[];
  notifications: ExportRow[];
  mail: ExportRow[];
  /** API answers stored for Idempotency-Key repeats that carry the person's data. */
  apiAnswers: ExportRow[];
}

/** One item of a section, as stored (column names in camelCase). */
export type ExportRow = Record<string, unknown>;

/** The sections of an export that are lists, in the order they are written. */
export const EXPORT_SECTIONS = ['activities', 'deals', 'mentions', 'changes', 'auditEntries', 'workflowRuns', 'webhookDeliveries', 'conflicts', 'notifications', 'mail', 'apiAnswers'] as const;
