// Renders reports/a11y/index.html from the scan records. Plain, self-contained HTML with
// the project's colour tokens, so an auditor can open it from disk, and it must itself pass
// the same axe scan and AAA checks (report.spec.ts).
import { themes } from '../../lib/design/tokens';
import { reviewFor } from './incomplete-review';
import type { A11yRecord } from './record';

export interface ReportMeta {
  generatedAt: string;
  baseUrl: string;
  axeVersion: string;
}

function esc(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** Whether a record has nothing to fix: no violation, no failed check, no unreviewed incomplete. */
export function recordPassed(r: A11yRecord): boolean {
  return r.axe.violations.length === 0 && r.checks.every((c) => c.passed) && r.axe.incomplete.every((i) => i.nodes.every((n) => reviewFor(i.id, n.summary, n.target)));
}

const t = themes.light;
const CSS = `
html{background:${t.bg};color:${t.text};font-family:system-ui,sans-serif;line-height:1.5}
body{margin:0 auto;max-width:75rem;padding:1rem}
p,li,dd{max-width:70ch}
a{color:${t.link};text-decoration:underline;text-underline-offset:4px}
a:focus-visible,summary:focus-visible,[tabindex]:focus-visible{outline:3px solid ${t.focus};outline-offset:2px}
table{border-collapse:collapse;width:100%}
th,td{border:1px solid ${t.border};padding:.25rem .5rem;text-align:start;vertical-align:top}
th{background:${t.surface}}
.pass{color:${t.success};font-weight:700}.fail{color:${t.danger};font-weight:700}
.scroll{overflow-x:auto;max-width:100%}
summary{min-height:44px;display:flex;align-items:center;cursor:pointer;font-weight:600}
a{display:inline-flex;min-height:44px;min-width:44px;align-items:center}
code{overflow-wrap:anywhere}
`;

function status(ok: boolean): string {
  return ok ? '<span class="pass">Pass</span>' : '<span class="fail">Fail</span>';
}

function recordId(r: A11yRecord): string {
  return `r-${r.route}-${r.state}-${r.theme}-${r.width}`.replace(/[^a-zA-Z0-9-]+/g, '-');
}

function details(r: A11yRecord): string {
  const checks = r.checks
    .map(
      (c) =>
        `<li>${status(c.passed)} ${esc(c.title)} (WCAG ${esc(c.criteria.join(', '))}; ${c.examined} examined)${
          c.problems.length ? `<ul>${c.problems.map((p) => `<li>${esc(p)}</li>`).join('')}</ul>` : ''
        }</li>`,
    )
    .join('');
  const axeList = (label: string, list: A11yRecord['axe']['violations'], review: boolean) =>
    list.length
      ? `<h4>${label}</h4><ul>${list
          .map(
            (v) =>
              `<li><code>${esc(v.id)}</code>: ${esc(v.help)}<ul>${v.nodes
                .map((n) => {
                  const reviewed = reviewFor(v.id, n.summary, n.target);
                  const note = review ? ` — ${reviewed ? `reviewed: ${reviewed.reason}` : 'NOT REVIEWED'}` : '';
                  return `<li><code>${esc(n.target)}</code> ${esc(n.summary)}${esc(note)}</li>`;
                })
                .join('')}</ul></li>`,
          )
          .join('')}</ul>`
      : `<p>${label}: none.</p>`;
  return `<section id="${recordId(r)}" aria-labelledby="${recordId(r)}-h">
<h3 id="${recordId(r)}-h">${esc(r.route)}: ${esc(r.state)}, ${esc(r.theme)} theme, ${r.width} px</h3>
<p>${status(recordPassed(r))} · axe passed ${r.axe.passes} rules, ${r.axe.inapplicable} did not apply.</p>
${r.axeDisabled ? `<p>Not run in this state: ${esc(r.axeDisabled.rules.join(', '))}. Why: ${esc(r.axeDisabled.reason)}</p>` : ''}
${axeList('axe violations', r.axe.violations, false)}
${axeList('axe needs review', r.axe.incomplete, true)}
<h4>AAA checks</h4><ul>${checks}</ul>
</section>`;
}

/** The whole report page. */
export function renderReport(records: readonly A11yRecord[], meta: ReportMeta): string {
  const failed = records.filter((r) => !recordPassed(r));
  const rows = records
    .map(
      (r) =>
        `<tr><th scope="row"><a href="#${recordId(r)}">${esc(r.route)}</a></th><td>${esc(r.state)}</td><td>${esc(r.theme)}</td><td>${r.width}</td><td>${r.axe.violations.length}</td><td>${r.axe.incomplete.length}</td><td>${r.checks.filter((c) => !c.passed).length}</td><td>${status(recordPassed(r))}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Accessibility report · CRM-AI</title><style>${CSS}</style></head>
<body>
<header><p><a href="#main">Skip to results</a></p></header>
<nav aria-label="Breadcrumbs"><a href="#main" aria-current="page">Accessibility report</a></nav>
<main id="main" tabindex="-1">
<h1>Accessibility report</h1>
<section aria-labelledby="summary-h">
<h2 id="summary-h">Summary</h2>
<p>${status(failed.length === 0)}: ${records.length} combinations of page, state, theme and width audited; ${failed.length} with problems.</p>
<p>Generated ${esc(meta.generatedAt)} against ${esc(meta.baseUrl)} with axe-core ${esc(meta.axeVersion)} (tags wcag2a, wcag2aa, wcag21a, wcag21aa, wcag22aa, wcag2aaa, best-practice) and the project’s own AAA checks. The conformance statement is docs/accessibility.md.</p>
</section>
<section aria-labelledby="matrix-h">
<h2 id="matrix-h">Every combination</h2>
<div class="scroll" role="region" aria-label="Every combination (scrollable)" tabindex="0">
<table><caption>Page, state, theme and width, with the number of findings</caption>
<thead><tr><th scope="col">Page</th><th scope="col">State</th><th scope="col">Theme</th><th scope="col">Width (px)</th><th scope="col">Violations</th><th scope="col">Needs review</th><th scope="col">Failed checks</th><th scope="col">Result</th></tr></thead>
<tbody>
${rows}
</tbody></table></div>
</section>
<section aria-labelledby="details-h">
<h2 id="details-h">Details</h2>
${records.map(details).join('\n')}
</section>
</main>
</body>
</html>
`;
}
