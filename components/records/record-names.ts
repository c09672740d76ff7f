// Shared with the browser: how a record is named on screen and where its pages are.
import type { Company, Contact, Deal } from './record-types';

export function contactName(c: Pick<Contact, 'firstName' | 'lastName' | 'email'>): string {
  return `${c.firstName} ${c.lastName}`.trim() || c.email || 'Unnamed contact';
}

export function companyName(c: Pick<Company, 'name'>): string {
  return c.name;
}

export function dealName(d: Pick<Deal, 'name'>): string {
  return d.name;
}

/** Detail pages are static shells that read the id from the query, so one cached page serves every record offline. */
export const recordHref = {
  contact: (id: string) => `/contacts/view?id=${encodeURIComponent(id)}`,
  company: (id: string) => `/companies/view?id=${encodeURIComponent(id)}`,
  deal: (id: string) => `/deals/view?id=${encodeURIComponent(id)}`,
  editContact: (id: string | null) => (id ? `/contacts/edit?id=${encodeURIComponent(id)}` : '/contacts/edit'),
  editCompany: (id: string | null) => (id ? `/companies/edit?id=${encodeURIComponent(id)}` : '/companies/edit'),
  editDeal: (id: string | null) => (id ? `/deals/edit?id=${encodeURIComponent(id)}` : '/deals/edit'),
};
