// ask.js — a question about one patient, answered from the record. The
// answer streams in (POST /v1/chat/completions with stream: true, the
// patient in X-Ward-Patient: the server sends only text its guard has
// verified); the numbered citations arrive with the last chunk and each
// opens its source with the cited span highlighted. "Not found in the
// record" is shown as such, not as an answer.

import {sse} from './api.js';
import {h, clear, problem} from './dom.js';
import {draftBanner, withCites, sourcesView} from './render.js';

export async function ask(question, patient, out) {
  const text = h('p', {class: 'answer-text', 'aria-busy': 'true'});
  clear(out, h('div', {class: 'answer', 'data-testid': 'answer'}, text));
  let answer = '', last = null;
  const headers = patient ? {'X-Ward-Patient': patient} : {};
  for await (const ev of sse('/v1/chat/completions', {model: 'ward', stream: true,
    messages: [{role: 'user', content: question}]}, headers)) {
    if (ev.data === '[DONE]') break;
    if (ev.data.error) throw new Error(ev.data.error.message);
    const ch = ev.data.choices && ev.data.choices[0];
    if (ch && ch.delta && ch.delta.content) {
      answer += ch.delta.content;
      text.textContent = answer;
    }
    if (ev.data.citations || ev.data.ward) last = ev.data;
  }
  text.removeAttribute('aria-busy');
  const ward = last && last.ward || {};
  const cites = last && last.citations || [];
  if (ward.found === false) {
    clear(out, h('div', {class: 'notfound', role: 'status', 'data-testid': 'not-found'},
      h('strong', null, 'Not found in the record.'),
      ' Nothing in this patient\'s record answers the question; no answer was made up.'));
    return;
  }
  clear(text, withCites(answer, cites));
  out.firstChild.prepend(draftBanner(ward));
  out.firstChild.append(sourcesView(cites));
}

export async function render(main, session, id, tab, current, {header, tabs, loadChart}) {
  const chart = await loadChart(main, session, id, current);
  if (!chart || !current()) return;
  const q = h('input', {id: 'question', type: 'text', autocomplete: 'off', placeholder: 'What is the latest A1c?'});
  const out = h('div', {'aria-live': 'polite'});
  const form = h('form', {class: 'ask', onsubmit: async e => {
    e.preventDefault();
    if (!q.value.trim()) return;
    const b = form.querySelector('button');
    b.disabled = true;
    try {
      await ask(q.value.trim(), id, out);
    } catch (ex) {
      clear(out, problem(ex));
    } finally {
      b.disabled = false;
    }
  }}, h('label', {for: 'question'}, 'Ask about this patient\'s record'),
    h('div', {class: 'row'}, q, h('button', {type: 'submit', class: 'primary'}, 'Ask')));
  clear(main, header(chart), tabs(id, tab), h('div', {class: 'card'}, form, out));
  q.focus();
}
