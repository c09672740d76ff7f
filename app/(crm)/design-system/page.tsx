import type { Metadata } from 'next';
import { PageHeader } from '@/components/shell/page-header';
import { Breadcrumbs } from '@/components/ui/breadcrumbs';
import { Catalog } from './_components/catalog';
import { ComponentStates } from './_components/component-states';
import { Foundations } from './_components/foundations';
import { IconSet } from './_components/icon-set';

export const metadata: Metadata = { title: 'Design system' };

/**
 * Every component of components/ui in one place, in each of its states, and the tokens they
 * are made of. The a11y scan opens each dialog, menu and error state here, so the building
 * blocks are proven in light and dark, phone and desktop, before any screen uses them. The
 * working catalog comes first: the keyboard tests tab to its form from the top of the page.
 */
export default function DesignSystemPage() {
  return (
    <>
      <Breadcrumbs
        items={[
          { href: '/today', label: 'Home' },
          { href: '/design-system', label: 'Design system' },
        ]}
      />
      <PageHeader title="Design system" description="The accessible building blocks every screen is made of, each in its working state." />
      <div className="flex flex-col gap-section">
        <Catalog />
        <ComponentStates />
        <Foundations />
        <IconSet />
      </div>
    </>
  );
}
