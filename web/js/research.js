// research.js — a researcher's screen: search across the cohort and ask
// the literature. The server gives researchers de-identified text only
// (pseudonyms "anon-...", years instead of dates, names and record
// numbers removed); nothing here can show more than it is sent.

import {api} from './api.js';
import {h, clear, problem, title} from './dom.js';
import {ask} from './ask.js';

export async function render(main, session, params, current) {
  const q = h('input', {id: 'rq', type: 'search', autocomplete: 'off', placeholder: 'metformin kidney'});
  const hits = h('div', {'aria-live': 'polite', 'data-testid': 'hits'});
  const aq = h('input', {id: 'aq', type: 'text', autocomplete: 'off', placeholder: 'Should metformin be stopped in CKD?'});
  const answer = h('div', {'aria-live': 'polite'});
  clear(main, title('Research'),
    h('p', {class: 'notice'}, 'You see de-identified data only: no names, record numbers or exact dates.'),
    h('section', {class: 'card'}, h('h2', null, 'Search the cohort'),
      h('form', {onsubmit: async e => {
        e.preventDefault();
        if (!q.value.trim()) return;
        clear(hits, h('p', {class: 'muted'}, 'Searching…'));
        try {
          const list = await api('/api/v1/search?k=20&q=' + encodeURIComponent(q.value.trim()));
          clear(hits, list.length ? h('ol', {class: 'hits'}, list.map(x => h('li', null,
            h('p', null, h('strong', null, x.patient_id || 'literature'), ' · ', x.kind || '', x.date ? ' · ' + x.date : '',
              x.section ? ' · ' + x.section : ''),
            h('p', {class: 'snippet'}, x.snippet || x.text || '')))) : h('p', null, 'No matches.'));
        } catch (ex) {
          clear(hits, problem(ex));
        }
      }}, h('label', {for: 'rq'}, 'Words to find'), h('div', {class: 'row'}, q, h('button', {type: 'submit', class: 'primary'}, 'Search'))),
      hits),
    h('section', {class: 'card'}, h('h2', null, 'Ask the literature'),
      h('form', {onsubmit: async e => {
        e.preventDefault();
        if (!aq.value.trim()) return;
        try { await ask(aq.value.trim(), null, answer); } catch (ex) { clear(answer, problem(ex)); }
      }}, h('label', {for: 'aq'}, 'Question'), h('div', {class: 'row'}, aq, h('button', {type: 'submit', class: 'primary'}, 'Ask'))),
      answer));
}
