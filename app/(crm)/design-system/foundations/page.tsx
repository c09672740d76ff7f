import type { Metadata } from 'next';
import { PageHeader } from '@/components/shell/page-header';
import { Breadcrumbs } from '@/components/ui/breadcrumbs';
import { ComponentStates } from '../_components/component-states';
import { Foundations } from '../_components/foundations';
import { IconSet } from '../_components/icon-set';

export const metadata: Metadata = { title: 'Design foundations' };

/**
 * The reference half of the design system: every component in every state, and the tokens
 * (colours with their computed ratios, type, spacing, corners, elevation, icons). Apart from the
 * working catalog so the scan walks each only as often as it needs (docs/design-system.md).
 */
export default function DesignFoundationsPage() {
  return (
    <>
      <Breadcrumbs
        items={[
          { href: '/today', label: 'Home' },
          { href: '/design-system', label: 'Design system' },
          { href: '/design-system/foundations', label: 'Foundations' },
        ]}
      />
      <PageHeader title="Design foundations" description="Every component in every state, and the tokens they are made of." />
      <div className="flex flex-col gap-section">
        <ComponentStates />
        <Foundations />
        <IconSet />
      </div>
    </>
  );
}
