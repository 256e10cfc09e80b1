// tasks.js — the drafts a clinician asks for on one patient: a chart
// summary, patient instructions (at a target reading grade, with the grade
// measured on the result) and a prior-authorization letter. Each result is
// a draft: shown with its banner and badge, and waits in the review queue.

import {task} from './api.js';
import {h, clear, problem} from './dom.js';
import {draftBanner, sectionsView, sourcesView} from './render.js';

const KINDS = {
  summary: {path: '/api/v1/summarize', title: 'Chart summary', button: 'Draft a summary'},
  instructions: {path: '/api/v1/instructions', title: 'Patient instructions', button: 'Draft instructions'},
  priorauth: {path: '/api/v1/priorauth', title: 'Prior-authorization letter', button: 'Draft the letter'},
};

function gradeNote(res) {
  if (res.reading_grade === undefined) return null;
  return h('p', {class: res.grade_met ? 'grade ok' : 'grade warn', 'data-testid': 'reading-grade'},
    `Reading grade ${res.reading_grade.toFixed(1)} (Flesch–Kincaid), target ${res.target_grade}: `,
    res.grade_met ? 'met.' : 'above the target; simplify before approving.');
}

export async function render(main, session, id, tab, current, {header, tabs, loadChart}) {
  const chart = await loadChart(main, session, id, current);
  if (!chart || !current()) return;
  const k = KINDS[tab];
  const out = h('div', {'aria-live': 'polite', 'data-testid': 'task-out'});
  const fields = [];
  let input = null;
  if (tab === 'instructions') {
    input = h('input', {id: 'grade', type: 'number', min: 3, max: 12, value: 6});
    fields.push(h('label', {for: 'grade'}, 'Target reading grade'), input);
  } else if (tab === 'priorauth') {
    input = h('input', {id: 'request', type: 'text', required: true, placeholder: 'MRI of the left knee'});
    fields.push(h('label', {for: 'request'}, 'Service requested'), input);
  }
  const form = h('form', {class: 'task', 'data-task': tab, onsubmit: async e => {
    e.preventDefault();
    const body = {patient: id};
    if (tab === 'instructions') body.grade = Number(input.value) || 6;
    if (tab === 'priorauth') {
      if (!input.value.trim()) { input.focus(); return; }
      body.request = input.value.trim();
    }
    const b = form.querySelector('button');
    b.disabled = true;
    clear(out, h('p', {class: 'muted', role: 'status'}, 'Drafting from the record…'));
    try {
      const res = await task(k.path, body);
      clear(out, h('article', {class: 'draft'}, draftBanner(res, gradeNote(res)), sectionsView(res),
        sourcesView(res.citations)));
    } catch (ex) {
      clear(out, problem(ex));
    } finally {
      b.disabled = false;
    }
  }}, fields, h('button', {type: 'submit', class: 'primary'}, k.button));
  clear(main, header(chart), tabs(id, tab), h('div', {class: 'card'}, h('h2', null, k.title), form, out));
}
