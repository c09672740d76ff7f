// Shared by browser and server. The five synced collections (RxDB's free tier allows 13 open
// collections per page; we use 5 plus one local-only conflicts collection).
import { z } from 'zod';
import { defineCollection, type CollectionDef, type WireDoc } from './define-collection';
import { bigInt, bool, day, float, int, jsonValue, oneOf, pattern, text, timestamp, uuid } from './fields';
import { safeText } from './safe-values';

export const companies = defineCollection({
  name: 'companies',
  table: 'companies',
  fields: {
    id: uuid(),
    name: text({ min: 1, max: 200 }),
    domain: text({ nullable: true, max: 253 }),
    industry: text({ nullable: true, max: 200 }),
    phone: text({ nullable: true, max: 50 }),
    address: text({ nullable: true, max: 500 }),
    city: text({ nullable: true, max: 200 }),
    country: text({ nullable: true, max: 200 }),
    ownerId: uuid({ nullable: true }),
    createdAt: timestamp(),
    updatedAt: timestamp(),
  },
  ownerField: 'ownerId',
});

export const contacts = defineCollection({
  name: 'contacts',
  table: 'contacts',
  fields: {
    id: uuid(),
    firstName: text({ max: 200 }),
    lastName: text({ max: 200 }),
    email: text({ nullable: true, max: 320 }),
    phone: text({ nullable: true, max: 50 }),
    title: text({ nullable: true, max: 200 }),
    companyId: uuid({ nullable: true }),
    ownerId: uuid({ nullable: true }),
    createdAt: timestamp(),
    updatedAt: timestamp(),
  },
  ownerField: 'ownerId',
});

const stageSchema = z.strictObject({
  id: safeText().min(1).max(100),
  name: safeText().min(1).max(200),
  probability: z.number().int().min(0).max(100),
});

export const pipelines = defineCollection({
  name: 'pipelines',
  table: 'pipelines',
  fields: {
    id: uuid(),
    name: text({ min: 1, max: 200 }),
    position: int({ min: 0, max: 10_000 }),
    stages: jsonValue(z.array(stageSchema).max(50), {
      type: 'array',
      maxItems: 50,
      items: {
        type: 'object',
        properties: {
          id: { type: 'string', minLength: 1, maxLength: 100 },
          name: { type: 'string', minLength: 1, maxLength: 200 },
          probability: { type: 'integer', minimum: 0, maximum: 100 },
        },
        required: ['id', 'name', 'probability'],
        additionalProperties: false,
      },
    }),
    createdAt: timestamp(),
    updatedAt: timestamp(),
  },
});

export const deals = defineCollection({
  name: 'deals',
  table: 'deals',
  fields: {
    id: uuid(),
    name: text({ min: 1, max: 200 }),
    pipelineId: uuid(),
    stageId: text({ min: 1, max: 100 }),
    amountCents: bigInt({ min: 0 }),
    currency: pattern(/^[A-Z]{3}$/, 3),
    closeDate: day({ nullable: true }),
    status: oneOf(['open', 'won', 'lost']),
    companyId: uuid({ nullable: true }),
    contactId: uuid({ nullable: true }),
    ownerId: uuid({ nullable: true }),
    createdAt: timestamp(),
    updatedAt: timestamp(),
  },
  ownerField: 'ownerId',
});

export const activities = defineCollection({
  name: 'activities',
  table: 'activities',
  fields: {
    id: uuid(),
    kind: oneOf(['call', 'visit', 'note', 'task']),
    subject: text({ max: 500 }),
    body: text({ nullable: true, max: 20_000 }),
    dueAt: timestamp({ nullable: true }),
    done: bool(),
    occurredAt: timestamp({ nullable: true }),
    contactId: uuid({ nullable: true }),
    companyId: uuid({ nullable: true }),
    dealId: uuid({ nullable: true }),
    ownerId: uuid({ nullable: true }),
    latitude: float({ nullable: true, min: -90, max: 90 }),
    longitude: float({ nullable: true, min: -180, max: 180 }),
    createdAt: timestamp(),
    updatedAt: timestamp(),
  },
  ownerField: 'ownerId',
});

/** Every synced collection by name. */
export const COLLECTIONS = { companies, contacts, pipelines, deals, activities } as const;

export type CollectionName = keyof typeof COLLECTIONS;
export const COLLECTION_NAMES = Object.keys(COLLECTIONS) as CollectionName[];

export type CompanyDoc = WireDoc<typeof companies.fields>;
export type ContactDoc = WireDoc<typeof contacts.fields>;
export type PipelineDoc = WireDoc<typeof pipelines.fields>;
export type DealDoc = WireDoc<typeof deals.fields>;
export type ActivityDoc = WireDoc<typeof activities.fields>;

/** A document of any collection on the wire: field values keyed by document field name. */
export type AnyWireDoc = { id: string; _deleted: boolean } & Record<string, unknown>;

export const collectionNameSchema = z.enum(COLLECTION_NAMES as [CollectionName, ...CollectionName[]]);

/**
 * A collection's definition in the general shape the server's record code takes (each
 * definition's own field types are narrower than CollectionDef's; this is the one cast).
 */
export function collectionDef(name: CollectionName): CollectionDef {
  return COLLECTIONS[name] as unknown as CollectionDef;
}

/** Looks a collection up by a name from a URL; undefined when there is no such collection. */
export function findCollection(name: string): CollectionDef | undefined {
  const parsed = collectionNameSchema.safeParse(name);
  return parsed.success ? collectionDef(parsed.data) : undefined;
}
