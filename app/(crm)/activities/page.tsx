import type { Metadata } from 'next';
import { ActivitiesScreen } from '@/components/activities/activities-screen';

export const metadata: Metadata = { title: 'Activities' };

export default function ActivitiesPage() {
  return <ActivitiesScreen />;
}
