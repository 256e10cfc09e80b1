// me.js — the patient's own view: their record in plain words and the
// instructions their care team approved (the server gives a patient only
// their own record and only approved instructions).

import {api} from './api.js';
import {h, clear, problem, title, fmtDate} from './dom.js';
import {textBlocks} from './render.js';

const PLAIN = [['problems', 'Your health conditions', 'No conditions on record.'],
               ['medications', 'Your medicines', 'No medicines on record.'],
               ['allergies', 'Your allergies', 'No allergies on record.'],
               ['observations', 'Your latest test results and measurements', 'No results yet.'],
               ['encounters', 'Your recent visits', 'No visits on record.']];

const STATUS = {active: 'current', resolved: 'resolved', inactive: 'no longer active', finished: 'done', final: ''};

export async function render(main, session, params, current) {
  clear(main, title('My health record'));
  let chart, drafts;
  try {
    [chart, drafts] = await Promise.all([api('/api/v1/patients/' + encodeURIComponent(session.patient_id)),
      api('/api/v1/drafts?task=instructions')]);
  } catch (e) {
    if (current()) main.append(problem(e));
    return;
  }
  if (!current()) return;
  const full = await Promise.all(drafts.map(d => api('/api/v1/drafts/' + d.id).catch(() => null)));
  if (!current()) return;
  const approved = full.filter(d => d && (d.status === 'approved' || d.status === 'edited'));
  main.append(
    h('p', {class: 'demo', 'data-testid': 'me-name'}, chart.name || '', chart.birth_date ? ' · born ' + fmtDate(chart.birth_date) : ''),
    h('section', {class: 'card', 'aria-labelledby': 'h-instr'}, h('h2', {id: 'h-instr'}, 'Instructions from your care team'),
      approved.length ? approved.map(d => h('article', {class: 'instructions', 'data-testid': 'instructions'},
        h('p', {class: 'muted'}, `Approved by ${d.reviewer || 'your clinician'} on ${fmtDate(d.updated_at || d.created_at)}`),
        textBlocks((d.final_text || d.output).replace(/\s?\[\d+\]/g, ''), [])))
        : h('p', {class: 'muted'}, 'No instructions yet.')),
    h('div', {class: 'chart-grid'}, PLAIN.map(([k, name, none]) => h('section', {class: 'card', 'aria-labelledby': 'h-' + k},
      h('h2', {id: 'h-' + k}, name),
      h('ul', {class: 'items'}, (chart[k] || []).length ? chart[k].map(it => h('li', null,
        h('span', {class: 'date'}, fmtDate(it.date)), ' ', it.text || '',
        STATUS[it.status] ? h('span', {class: 'status'}, STATUS[it.status]) : null)) : h('li', {class: 'muted'}, none))))));
}
