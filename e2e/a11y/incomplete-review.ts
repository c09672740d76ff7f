// axe "incomplete" results (needs review) that a person has looked at, with the reason each
// is acceptable. A review names the rule AND the message axe gave for the node, so only that
// exact situation is accepted: the same rule failing for another reason still fails the scan.
// The scan fails on any incomplete node not matched here, so nothing slips through unread.

export interface IncompleteReview {
  rule: string;
  /** A fragment of axe's failure summary for the node. */
  message: string;
  /** A fragment the node's selector must hold too, when the message alone would accept too much. */
  target?: string;
  reason: string;
}

export const REVIEWED_INCOMPLETE: readonly IncompleteReview[] = [
  ...['color-contrast', 'color-contrast-enhanced'].map((rule) => ({
    rule,
    message: 'Element content contains only non-text characters',
    reason:
      'Decorative glyphs (◆ logo mark, ▾ ▲ ▼ ↕ arrows) inside aria-hidden spans: axe cannot rate contrast of symbols. They are drawn in the text colour of their control, whose text passes 7:1, and carry no information the accessible name lacks.',
  })),
  ...['color-contrast', 'color-contrast-enhanced'].flatMap((rule) => [
    {
      rule,
      message: 'is overlapped by another element',
      reason:
        'Text under an open list, menu or modal overlay: covered on purpose while the overlay is open. The same text is measured uncovered in the initial state of the same page.',
    },
    {
      rule,
      message: 'partially overlaps other elements',
      reason:
        'Text inside an open modal dialog, which is painted over the page: axe cannot tell which layer is behind it. Dialog text uses text/muted on raised, proven at 7:1 in both themes by lib/design/tokens.test.ts.',
    },
    {
      rule,
      message: "partially obscured by another element",
      reason:
        'Table cells scrolled out of view inside the table’s own scrolling region at phone width (allowed by WCAG 1.4.10 for data tables). Cells use text on bg/surface, proven at 7:1 by lib/design/tokens.test.ts, and are measured at 1280 px where they are not clipped.',
    },
    {
      rule,
      message: 'Element content is too short to determine if it is actual text content',
      reason: 'A single tick (✓) or digit in a list option or date segment, drawn in the text colour of its row, whose other text passes 7:1.',
    },
  ]),
  ...['color-contrast', 'color-contrast-enhanced'].map((rule) => ({
    rule,
    message: 'contains an image node',
    target: 'tspan',
    reason:
      'Axis and value labels of a chart (SVG text): axe cannot find the background of text inside an SVG. The project’s own svg-text-contrast check measures each label’s fill against the page behind the chart, in both themes, and fails below 7:1.',
  })),
  {
    rule: 'th-has-data-cells',
    message: 'Table data cells are missing or empty',
    reason: 'An empty table (no rows yet) shows its empty-state message in the body; the headers name the columns that will fill.',
  },
];

/** The review that accepts this incomplete node, if any. */
export function reviewFor(rule: string, summary: string, target: string): IncompleteReview | undefined {
  return REVIEWED_INCOMPLETE.find((r) => r.rule === rule && summary.includes(r.message) && (!r.target || target.includes(r.target)));
}
