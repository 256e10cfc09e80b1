// patients.js — the patients in the user's scope (the server filters:
// care team and active break-the-glass grants), searched by name or MRN
// as one types. Opening a patient by id is how a clinician reaches someone
// outside the care team: the chart then offers break-the-glass.

import {patients} from './api.js';
import {h, clear, problem, title, fmtDate} from './dom.js';

function age(born) {
  if (!born) return '';
  const b = new Date(born), n = new Date();
  let a = n.getFullYear() - b.getFullYear();
  if (n < new Date(n.getFullYear(), b.getMonth(), b.getDate())) a--;
  return a + ' y';
}

export async function render(main, session, params, current) {
  const q = h('input', {id: 'q', type: 'search', placeholder: 'Name or MRN', autocomplete: 'off'});
  const open = h('input', {id: 'openid', placeholder: 'Patient id', autocomplete: 'off'});
  const body = h('tbody');
  const count = h('p', {class: 'muted', 'aria-live': 'polite'});
  clear(main,
    title('Patients'),
    h('div', {class: 'toolbar'},
      h('div', {class: 'field'}, h('label', {for: 'q'}, 'Search by name or MRN'), q),
      h('form', {class: 'field inline', onsubmit: e => {
        e.preventDefault();
        if (open.value.trim()) location.hash = '#/patient/' + encodeURIComponent(open.value.trim());
      }}, h('label', {for: 'openid'}, 'Open a patient outside your list'), open,
        h('button', {type: 'submit'}, 'Open'))),
    count,
    h('div', {class: 'table-wrap'}, h('table', {class: 'list', 'data-testid': 'patients'},
      h('caption', {class: 'sr-only'}, 'Patients in your care'),
      h('thead', null, h('tr', null, ['Name', 'MRN', 'Born', 'Age', 'Sex', 'Notes'].map(t => h('th', {scope: 'col'}, t)))),
      body)));
  let list;
  try {
    list = await patients(true);
  } catch (e) {
    if (current()) main.append(problem(e));
    return;
  }
  if (!current()) return;
  const rows = list.map(p => ({p, key: ((p.name || '') + ' ' + (p.mrn || '') + ' ' + p.id).toLowerCase(),
    row: h('tr', null,
      h('td', null, h('a', {href: '#/patient/' + encodeURIComponent(p.id)}, p.name || p.id),
        p.deceased_date ? h('span', {class: 'tag'}, 'deceased') : null),
      h('td', null, p.mrn || ''), h('td', null, fmtDate(p.birth_date)),
      h('td', null, p.deceased_date ? '' : age(p.birth_date)), h('td', null, p.sex || ''),
      h('td', {class: 'num'}, String(p.documents)))}));
  const show = () => {
    const words = q.value.toLowerCase().split(/\s+/).filter(Boolean);
    const shown = rows.filter(r => words.every(w => r.key.includes(w)));
    clear(body, shown.slice(0, 200).map(r => r.row));
    count.textContent = shown.length === rows.length ? `${rows.length} patients in your scope`
      : `${shown.length} of ${rows.length} patients match`;
  };
  q.addEventListener('input', show);
  show();
  q.focus();
}
