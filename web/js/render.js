// render.js — what every task's output shares on screen: the draft
// banner with the badge of what produced it, lines with their numbered
// citations (each opens the cited span in its source), unsupported lines
// marked, and the list of sources.

import {h} from './dom.js';
import {openDoc} from './doc.js';

export function badge(backend, model) {
  const what = backend === 'extractive' || !model || model === 'none' ? backend || 'extractive' : `${backend} · ${model}`;
  return h('span', {class: 'badge badge-' + (backend || 'extractive'), title: 'Produced by ' + what,
    'data-testid': 'badge'}, what);
}

export function draftBanner(res, extra) {
  return h('div', {class: 'draft-banner', role: 'note'},
    h('strong', null, 'Draft'), ' — awaiting a clinician\'s review. ',
    'Produced by ', badge(res.backend, res.model), '.',
    res.draft_id ? [' ', h('a', {href: '#/review/' + res.draft_id}, `Open draft ${res.draft_id} for review`)] : null,
    extra || null);
}

export function citeButton(c) {
  const label = `Source ${c.n}: ${c.title || 'document'}`;
  if (!c.document_id) return h('sup', {class: 'cite', title: c.quote || ''}, `[${c.n}]`);
  return h('button', {type: 'button', class: 'cite', 'aria-label': label, title: c.quote || label,
    'data-cite': c.n, onclick: () => openDoc(c.document_id, c.start, c.end, `[${c.n}] ${c.title || 'Source'}`)},
    `[${c.n}]`);
}

// Text with "[n]" markers made into citation buttons.
export function withCites(text, cites) {
  const by = new Map((cites || []).map(c => [c.n, c]));
  const out = [];
  let last = 0;
  for (const m of text.matchAll(/\s?\[(\d+)\]/g)) {
    const c = by.get(Number(m[1]));
    if (!c) continue;
    out.push(text.slice(last, m.index), ' ', citeButton(c));
    last = m.index + m[0].length;
  }
  out.push(text.slice(last));
  return out;
}

export function lineView(line, cites) {
  const by = new Map((cites || []).map(c => [c.n, c]));
  return h('li', {class: line.supported === false ? 'unsupported' : null},
    line.text,
    (line.citations || []).map(n => by.get(n) ? [' ', citeButton(by.get(n))] : null),
    line.supported === false ? h('span', {class: 'flag'}, ' Unsupported: no source was found for this line') : null);
}

export function sectionsView(res) {
  return (res.sections || []).map(s => h('section', {class: 'out-section'},
    s.title ? h('h3', null, s.title) : null,
    h('ul', {class: 'lines'}, s.lines.map(l => lineView(l, res.citations)))));
}

export function sourcesView(cites) {
  if (!cites || !cites.length) return null;
  return h('section', {class: 'sources', 'aria-labelledby': 'h-sources'},
    h('h3', {id: 'h-sources'}, 'Sources'),
    h('ol', null, cites.map(c => h('li', {value: c.n}, citeButton(c), ' ', h('span', {class: 'muted'}, c.title || ''),
      c.quote ? [' — ', h('q', null, c.quote)] : null))));
}

// A draft's text as the task wrote it: "- " lines as lists, other lines
// as headings (SECTION titles) or paragraphs; "[n]" markers as citations.
export function textBlocks(text, cites) {
  const out = [];
  let list = null;
  for (const line of text.split('\n')) {
    if (!line.trim()) { list = null; continue; }
    if (/^\s*[-•]\s+/.test(line)) {
      if (!list) out.push(list = h('ul', {class: 'lines'}));
      list.append(h('li', null, withCites(line.replace(/^\s*[-•]\s+/, ''), cites)));
    } else {
      list = null;
      const heading = line.length < 60 && !/[.?!:]$/.test(line.trim()) && !/\[\d+\]/.test(line);
      out.push(heading ? h('h3', null, line) : h('p', null, withCites(line, cites)));
    }
  }
  return out;
}