'use client';
// The privacy page's calls to /api/admin/privacy (an online-only screen). One typed function per
// route, so the screen never builds URLs or reads answers itself. Errors are ApiError with the
// server's message, which is written for people.

import type { ExportFormat, PrivacyContact, PrivacyRequest } from '@/lib/privacy/privacy-schemas';
import { api, ApiError } from '@/components/workflows/api';
import { fileNameOf } from './download-name';

export { ApiError };
export type { ExportFormat, PrivacyContact, PrivacyRequest };

const BASE = '/api/admin/privacy';

/** Live contacts of the organization whose name or email contains `q` (at most 20). */
export async function findContacts(q: string): Promise<PrivacyContact[]> {
  return (await api<{ contacts: PrivacyContact[] }>(`${BASE}/contacts?${new URLSearchParams({ q }).toString()}`)).contacts;
}

/** The live contact a privacy link names (`/admin/privacy?contact=<id>`), or null when there is none. */
export async function findContactById(id: string): Promise<PrivacyContact | null> {
  try {
    return (await api<{ contacts: PrivacyContact[] }>(`${BASE}/contacts?${new URLSearchParams({ id }).toString()}`)).contacts[0] ?? null;
  } catch (err) {
    if (err instanceof ApiError && (err.status === 404 || err.status === 422)) return null;
    throw err;
  }
}

/** Every request made so far, newest first (at most 200). */
export async function listRequests(): Promise<PrivacyRequest[]> {
  return (await api<{ requests: PrivacyRequest[] }>(`${BASE}/requests`)).requests;
}

/** Erases the contact everywhere; the answer is the request, with its counts. */
export async function eraseContact(contactId: string): Promise<PrivacyRequest> {
  return (await api<{ request: PrivacyRequest }>(`${BASE}/erase`, { method: 'POST', body: { contactId, confirm: true } })).request;
}

/**
 * Everything held about the contact, as a file: its content and the name the server gave it.
 * A file answer is not JSON, so this one reads the body itself.
 */
export async function exportContact(contactId: string, format: ExportFormat): Promise<{ file: Blob; fileName: string }> {
  const res = await fetch(`${BASE}/export`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ contactId, format }),
  });
  if (!res.ok) {
    const data = (await res.json().catch(() => ({}))) as { error?: { message?: string; issues?: { path: string; message: string }[] } };
    throw new ApiError(res.status, data.error?.message ?? `Request failed (${res.status})`, data.error?.issues);
  }
  return { file: await res.blob(), fileName: fileNameOf(res.headers.get('content-disposition'), `contact-${contactId}.${format}`) };
}

/** Hands `file` to the browser's downloads under `fileName` (the page stays where it is). */
export function saveFile(file: Blob, fileName: string): void {
  const url = URL.createObjectURL(file);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked after the download has started: revoking at once cancels it in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
