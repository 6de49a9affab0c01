// axe-core in the page: injected as an init script (the browser adds it itself,
// so the page's strict CSP does not block it), run with the WCAG 2.0-2.2 A/AA
// and best-practice rules.
'use strict';

const fs = require('node:fs');

const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

async function enableAxe(context) { await context.addInitScript({ content: AXE }); }

/* All violations as plain objects: {id, impact, help, nodes}. */
async function axeViolations(page) {
  return page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    });
    if (!result.passes.length) throw new Error('axe ran no check');
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  });
}

/* The serious and critical ones (tagged with `where`); the others are logged as TAP comments. */
async function seriousViolations(page, where) {
  const serious = [];
  for (const v of await axeViolations(page)) {
    if (v.impact === 'serious' || v.impact === 'critical') serious.push({ where, ...v });
    else console.log(`# axe ${where}: ${v.impact} ${v.id}: ${v.help} ${v.nodes.join(', ')}`);
  }
  return serious;
}

module.exports = { enableAxe, axeViolations, seriousViolations };
