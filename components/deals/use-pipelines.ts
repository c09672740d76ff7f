'use client';

import { useMemo } from 'react';
import type { Pipeline } from '@/components/records/record-types';
import { useRecords } from '@/components/records/use-records';

/** Pipelines in their configured order (sorted here: `position` is not an index). */
export function usePipelines(): Pipeline[] | undefined {
  const pipelines = useRecords('pipelines');
  return useMemo(() => pipelines?.slice().sort((a, b) => a.position - b.position || a.name.localeCompare(b.name)), [pipelines]);
}
