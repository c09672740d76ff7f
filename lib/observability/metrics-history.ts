import 'server-only';
import { readTotals, type Totals } from './request-stats';

/** One sample per minute, the last hour kept (in memory, per instance). */
const SAMPLE_EVERY_MS = 60_000;
const KEEP = 61;

export interface MinutePoint extends Totals {
  /** End of the minute, ISO time. */
  at: string;
}

const holder = globalThis as unknown as { __crmMetricsHistory?: { samples: { at: number; totals: Totals }[]; startedAt: number; timer: ReturnType<typeof setInterval> } };

async function sample(): Promise<void> {
  const h = holder.__crmMetricsHistory;
  if (!h) return;
  h.samples.push({ at: Date.now(), totals: await readTotals() });
  if (h.samples.length > KEEP) h.samples.shift();
}

/** Starts sampling this process's counters once a minute (idempotent; the timer is unref'd). */
export function startMetricsHistory(): void {
  if (holder.__crmMetricsHistory) return;
  const timer = setInterval(() => void sample(), SAMPLE_EVERY_MS);
  timer.unref();
  holder.__crmMetricsHistory = { samples: [], startedAt: Date.now(), timer };
  void sample();
}

/** Per-minute increases over the last hour, oldest first (empty until two samples exist). */
export function minuteSeries(): MinutePoint[] {
  const samples = holder.__crmMetricsHistory?.samples ?? [];
  const out: MinutePoint[] = [];
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1]!.totals;
    const b = samples[i]!;
    const delta = Object.fromEntries(Object.entries(b.totals).map(([k, v]) => [k, v - a[k as keyof Totals]])) as unknown as Totals;
    out.push({ at: new Date(b.at).toISOString(), ...delta });
  }
  return out;
}

/** When this instance started counting (ISO), for "since" labels. */
export function countingSince(): string | null {
  const started = holder.__crmMetricsHistory?.startedAt;
  return started ? new Date(started).toISOString() : null;
}
