'use client';

import type { ReactNode } from 'react';
import { Tab, TabList, TabPanel, Tabs as AriaTabs, type TabsProps as AriaTabsProps } from 'react-aria-components';
import { focusRing, target } from './styles';

export interface TabItem {
  id: string;
  label: string;
  content: ReactNode;
}

export interface TabsProps extends Omit<AriaTabsProps, 'className' | 'children'> {
  /** Names the tab list, e.g. "Contact sections". */
  label: string;
  tabs: readonly TabItem[];
  className?: string;
}

/**
 * Tabs with automatic activation: arrows move and show the panel, Home/End jump.
 * The selected tab is marked by a thick underline (3:1) and bold text, not colour alone.
 */
export function Tabs({ label, tabs, className = '', ...props }: TabsProps) {
  return (
    <AriaTabs {...props} className={`flex flex-col gap-3 ${className}`}>
      <TabList aria-label={label} items={tabs} className="flex flex-wrap gap-1 border-b border-line">
        {(t) => (
          <Tab
            id={t.id}
            className={`${target} ${focusRing} -mb-px flex cursor-default items-center rounded-t-md border-b-4 border-transparent px-3 font-semibold text-muted transition-colors data-[hovered]:bg-surface data-[hovered]:text-text data-[selected]:border-primary data-[selected]:font-bold data-[selected]:text-text`}
          >
            {t.label}
          </Tab>
        )}
      </TabList>
      {tabs.map((t) => (
        <TabPanel key={t.id} id={t.id} className={`${focusRing} rounded-md`}>
          {t.content}
        </TabPanel>
      ))}
    </AriaTabs>
  );
}
