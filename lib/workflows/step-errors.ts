// Why a workflow step failed in a way that retrying cannot fix: the run fails at once
// instead of backing off and trying again.

/** A failure that retrying cannot fix (missing record, bad recipient, a value the record refuses). */
export class PermanentStepError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentStepError';
  }
}

/** The record a step works on no longer exists (deleted since the trigger). */
export class RecordMissingError extends PermanentStepError {
  constructor(collection: string, id: string) {
    super(`the ${collection} record ${id} no longer exists`);
    this.name = 'RecordMissingError';
  }
}
