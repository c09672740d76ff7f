import { ABBREVIATIONS, type Abbreviation } from '@/lib/design/abbreviations';

/**
 * An abbreviation with its expansion (WCAG 3.1.4): the title for pointer users and, because
 * screen readers and touch users rarely get titles, the expansion in text the first time
 * when `expand` is set, e.g. "CRM (customer relationship management)".
 */
export function Abbr({ term, expand = false }: { term: Abbreviation; expand?: boolean }) {
  const full = ABBREVIATIONS[term];
  return (
    <>
      <abbr title={full} className="no-underline">
        {term}
      </abbr>
      {expand ? ` (${full})` : null}
    </>
  );
}
