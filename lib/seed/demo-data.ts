// Pure generator of the demo data set: the same seed and anchor date give the same rows.
import { v7 as uuidv7 } from 'uuid';
import { createRng, type Rng } from './random';

export type Role = 'owner' | 'admin' | 'manager' | 'rep' | 'auditor';

export interface DemoUser {
  id: string;
  email: string;
  name: string;
  memberships: { tenantSlug: string; role: Role }[];
}

export interface DemoTenant {
  id: string;
  slug: string;
  name: string;
  pipelines: { id: string; name: string; position: number; stages: { id: string; name: string; probability: number }[] }[];
  companies: Record<string, unknown>[];
  contacts: Record<string, unknown>[];
  deals: Record<string, unknown>[];
  activities: Record<string, unknown>[];
}

export interface DemoData {
  users: DemoUser[];
  tenants: DemoTenant[];
}

export interface DemoSize {
  companies: number;
  contacts: number;
  deals: number;
  activities: number;
}

export const DEFAULT_SIZE: DemoSize = { companies: 240, contacts: 720, deals: 300, activities: 1800 };

/** The password of every demo login; printed by the seed command, never used outside demos. */
export const DEMO_PASSWORD = 'field-sales-demo-2026';

const ROLES: readonly Role[] = ['owner', 'admin', 'manager', 'rep', 'auditor'];
const FIRST = ['Ada', 'Ben', 'Chloé', 'Dmitri', 'Elif', 'Farah', 'Gustav', 'Hana', 'Ivan', 'Jun', 'Kwame', 'Lena', 'Mateo', 'Nia', 'Oskar', 'Priya', 'Quentin', 'Rosa', 'Sven', 'Tariq', 'Uma', 'Viktor', 'Wen', 'Ximena', 'Yusuf', 'Zofia'];
const LAST = ['Adeyemi', 'Berg', 'Costa', 'Dubois', 'Eriksen', 'Fischer', 'García', 'Horvat', 'Ito', 'Jansen', 'Kowalski', 'Larsen', 'Moreau', 'Novak', 'Okafor', 'Petrov', 'Quinn', 'Rossi', 'Schmidt', 'Tanaka', 'Ueda', 'Varga', 'Weber', 'Yilmaz', 'Zhang'];
const PREFIX = ['North', 'Blue', 'Bright', 'Iron', 'Green', 'Silver', 'Harbor', 'Summit', 'Oak', 'River', 'Stone', 'Cedar', 'Falcon', 'Granite', 'Atlas', 'Pioneer'];
const SUFFIX = ['Logistics', 'Foods', 'Builders', 'Dental', 'Robotics', 'Textiles', 'Energy', 'Farms', 'Clinics', 'Motors', 'Studios', 'Supply', 'Labs', 'Marine', 'Hotels', 'Print'];
const INDUSTRY = ['Manufacturing', 'Healthcare', 'Retail', 'Construction', 'Hospitality', 'Logistics', 'Agriculture', 'Technology', 'Energy', 'Education'];
const CITY: readonly (readonly [string, string])[] = [['Lyon', 'France'], ['Porto', 'Portugal'], ['Gdańsk', 'Poland'], ['Leeds', 'United Kingdom'], ['Graz', 'Austria'], ['Malmö', 'Sweden'], ['Bilbao', 'Spain'], ['Utrecht', 'Netherlands'], ['Turin', 'Italy'], ['Tampere', 'Finland']];
const TITLE = ['Purchasing Manager', 'Operations Director', 'CEO', 'Office Manager', 'Head of Procurement', 'Plant Manager', 'CFO', 'Facilities Lead'];
const SUBJECT = {
  call: ['Intro call', 'Follow-up call', 'Pricing questions', 'Checked delivery dates'],
  visit: ['Site visit', 'Demo on site', 'Quarterly review', 'Met the new buyer'],
  note: ['Prefers email after 4pm', 'Budget approved for Q1', 'Competitor also pitching', 'Asked for references'],
  task: ['Send proposal', 'Prepare quote', 'Call back about contract', 'Book a demo', 'Send samples'],
} as const;

const DAY = 86_400_000;

function idFactory(rng: Rng, anchor: number) {
  let tick = 0;
  // Deterministic UUIDv7: time from the anchor plus a counter, random bits from the seed.
  return () => uuidv7({ msecs: anchor - 400 * DAY + tick++, random: rng.bytes(16) });
}

function slugify(s: string): string {
  return s.toLowerCase().normalize('NFD').replace(/[^a-z0-9]+/g, '.').replace(/^\.|\.$/g, '');
}

function pipelinesFor(id: () => string) {
  return [
    {
      id: id(),
      name: 'New business',
      position: 0,
      stages: [
        { id: 'lead', name: 'Lead', probability: 10 },
        { id: 'qualified', name: 'Qualified', probability: 25 },
        { id: 'proposal', name: 'Proposal', probability: 50 },
        { id: 'negotiation', name: 'Negotiation', probability: 75 },
        { id: 'won', name: 'Won', probability: 100 },
        { id: 'lost', name: 'Lost', probability: 0 },
      ],
    },
    {
      id: id(),
      name: 'Renewals',
      position: 1,
      stages: [
        { id: 'due', name: 'Up for renewal', probability: 60 },
        { id: 'talking', name: 'In discussion', probability: 80 },
        { id: 'renewed', name: 'Renewed', probability: 100 },
        { id: 'churned', name: 'Churned', probability: 0 },
      ],
    },
  ];
}

function generateTenant(slug: string, name: string, seed: number, anchor: number, size: DemoSize, ownerIds: string[]): DemoTenant {
  const rng = createRng(seed);
  const id = idFactory(rng, anchor);
  const tenantId = id();
  const iso = (offsetDays: number, hour = 9) => new Date(anchor + offsetDays * DAY + hour * 3_600_000).toISOString();
  const pipelines = pipelinesFor(id);

  const companies = Array.from({ length: size.companies }, (_, i) => {
    const [city, country] = rng.pick(CITY);
    const cname = `${rng.pick(PREFIX)} ${rng.pick(SUFFIX)}${i >= PREFIX.length * SUFFIX.length ? ` ${i}` : ''}`;
    return {
      id: id(),
      name: cname,
      domain: `${slugify(cname).replace(/\./g, '')}.example`,
      industry: rng.pick(INDUSTRY),
      phone: `+33 4 ${rng.int(10, 99)} ${rng.int(10, 99)} ${rng.int(10, 99)} ${rng.int(10, 99)}`,
      address: `${rng.int(1, 180)} ${rng.pick(['Market', 'Station', 'Harbour', 'Mill', 'Park'])} Street`,
      city,
      country,
      owner_id: rng.pick(ownerIds),
      created_at: iso(-rng.int(30, 400)),
    };
  });

  const contacts = Array.from({ length: size.contacts }, () => {
    const first = rng.pick(FIRST);
    const last = rng.pick(LAST);
    const company = rng.pick(companies);
    return {
      id: id(),
      first_name: first,
      last_name: last,
      email: `${slugify(first)}.${slugify(last)}${rng.int(1, 999)}@${company.domain}`,
      phone: `+44 7${rng.int(100, 999)} ${rng.int(100000, 999999)}`,
      title: rng.pick(TITLE),
      company_id: company.id,
      owner_id: company.owner_id,
      created_at: iso(-rng.int(10, 300)),
    };
  });

  const deals = Array.from({ length: size.deals }, () => {
    const pipeline = rng.chance(0.8) ? pipelines[0]! : pipelines[1]!;
    const stage = rng.pick(pipeline.stages);
    const contact = rng.pick(contacts);
    const status = stage.probability === 100 ? 'won' : stage.probability === 0 ? 'lost' : 'open';
    return {
      id: id(),
      name: `${rng.pick(['Fleet', 'Annual', 'Pilot', 'Expansion', 'Service', 'Framework'])} ${rng.pick(['contract', 'order', 'deal', 'agreement'])}`,
      pipeline_id: pipeline.id,
      stage_id: stage.id,
      amount_cents: rng.int(20, 2000) * 50_00,
      currency: 'EUR',
      close_date: iso(rng.int(-60, 120)).slice(0, 10),
      status,
      company_id: contact.company_id,
      contact_id: contact.id,
      owner_id: contact.owner_id,
      created_at: iso(-rng.int(5, 200)),
    };
  });

  const activities = Array.from({ length: size.activities }, () => {
    const kind = rng.pick(['call', 'visit', 'note', 'task'] as const);
    const contact = rng.pick(contacts);
    const deal = rng.chance(0.3) ? rng.pick(deals) : undefined;
    const isTask = kind === 'task';
    const dueOffset = rng.int(-10, 21);
    return {
      id: id(),
      kind,
      subject: rng.pick(SUBJECT[kind]),
      body: kind === 'note' ? 'Noted during a conversation with the customer.' : null,
      due_at: isTask ? iso(dueOffset, rng.int(8, 17)) : null,
      done: isTask ? dueOffset < -3 && rng.chance(0.7) : false,
      occurred_at: isTask ? null : iso(-rng.int(0, 90), rng.int(8, 18)),
      contact_id: contact.id,
      company_id: contact.company_id,
      deal_id: deal?.id ?? null,
      owner_id: contact.owner_id,
      created_at: iso(-rng.int(0, 90)),
    };
  });

  return { id: tenantId, slug, name, pipelines, companies, contacts, deals, activities };
}

/** One login per role, `role@slug.test`. */
function usersOfEveryRole(rng: Rng, userId: () => string, t: { slug: string; name: string }): DemoUser[] {
  return ROLES.map((role) => ({
    id: userId(),
    email: `${role}@${t.slug}.test`,
    name: `${rng.pick(FIRST)} ${rng.pick(LAST)} (${t.name} ${role})`,
    memberships: [{ tenantSlug: t.slug, role }],
  }));
}

/** Sellers (reps and managers) of a tenant: the owners its records are spread over. */
function sellersOf(users: DemoUser[], slug: string): string[] {
  return users.filter((u) => u.memberships.some((m) => m.tenantSlug === slug && (m.role === 'rep' || m.role === 'manager'))).map((u) => u.id);
}

/**
 * One more tenant like the demo's, with its own slug and a login per role (`rep@<slug>.test`):
 * browser tests that change records get one each, so no test sees another's leftovers.
 */
export function generateExtraTenant(options: { anchor: Date; seed: number; slug: string; name: string; size: DemoSize }): DemoData {
  const anchor = Date.UTC(options.anchor.getUTCFullYear(), options.anchor.getUTCMonth(), options.anchor.getUTCDate());
  const rng = createRng(options.seed);
  const users = usersOfEveryRole(rng, idFactory(rng, anchor), options);
  return { users, tenants: [generateTenant(options.slug, options.name, options.seed * 31 + 1, anchor, options.size, sellersOf(users, options.slug))] };
}

/**
 * The demo data set: tenants "Acme" and "Globex" with a user of every role each, and one
 * consultant who belongs to both (to show tenant switching). `anchor` is the day the
 * relative dates (due today, overdue, next week) are computed from.
 */
export function generateDemoData(options: { anchor: Date; seed?: number; size?: DemoSize }): DemoData {
  const seed = options.seed ?? 2026;
  const size = options.size ?? DEFAULT_SIZE;
  const anchor = Date.UTC(options.anchor.getUTCFullYear(), options.anchor.getUTCMonth(), options.anchor.getUTCDate());
  const rng = createRng(seed);
  const userId = idFactory(rng, anchor);
  const users: DemoUser[] = [];
  const defs = [
    { slug: 'acme', name: 'Acme' },
    { slug: 'globex', name: 'Globex' },
  ];
  for (const t of defs) users.push(...usersOfEveryRole(rng, userId, t));
  users.push({
    id: userId(),
    email: 'consultant@demo.test',
    name: 'Casey Consultant',
    memberships: [
      { tenantSlug: 'acme', role: 'rep' },
      { tenantSlug: 'globex', role: 'manager' },
    ],
  });
  const tenants = defs.map((t, i) => generateTenant(t.slug, t.name, seed * 31 + i + 1, anchor, size, sellersOf(users, t.slug)));
  return { users, tenants };
}
