// Shared with the browser: how the server answers a change that would bring an erased person
// back (lib/privacy/erased-records.ts), so the phone can recognise it (sync/client/replication.ts).

/** The push answer's code for a change refused because its person was erased. */
export const ERASED_CODE = 'erased';

/** Why, in words for the person whose change was refused. */
export const ERASED_MESSAGE = "This person's data was erased at the organization's request, so this change was not kept.";
