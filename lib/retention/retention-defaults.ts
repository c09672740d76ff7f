import 'server-only';
import { env } from '../env';
import type { RetentionPolicy } from './retention-policy';

/** The server's defaults a tenant's null change log and run data fields fall back to (days). */
export interface RetentionDefaults {
  changeLogDays: number;
  runPayloadDays: number;
}

/** The policy as enforced: the change log and workflow run data always have a number of days. */
export type EffectiveRetention = Omit<RetentionPolicy, 'changeLogDays' | 'runPayloadDays'> & RetentionDefaults;

/** The defaults from the environment (RECORD_CHANGES_RETENTION_DAYS, WORKFLOW_RUN_PAYLOAD_RETENTION_DAYS). */
export function retentionDefaults(): RetentionDefaults {
  const e = env();
  return { changeLogDays: e.RECORD_CHANGES_RETENTION_DAYS, runPayloadDays: e.WORKFLOW_RUN_PAYLOAD_RETENTION_DAYS };
}

/** `policy` with its null change log and run data days replaced by the server's defaults. */
export function effectiveRetention(policy: RetentionPolicy, defaults = retentionDefaults()): EffectiveRetention {
  return { ...policy, changeLogDays: policy.changeLogDays ?? defaults.changeLogDays, runPayloadDays: policy.runPayloadDays ?? defaults.runPayloadDays };
}
