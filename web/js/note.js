// note.js — a visit note drafted from the conversation. The transcript
// (pasted or uploaded) is split into turns, one a line; the drafted note
// appears beside it. Each note line cites the turns it came from (byte
// spans into the transcript): hovering, focusing or selecting a line
// highlights its turns, and a turn highlights the lines drawn from it.
// Lines the guard could not support are kept, marked (flag_unsupported).

import {task} from './api.js';
import {h, clear, problem} from './dom.js';
import {draftBanner} from './render.js';

const utf8 = new TextEncoder();

// Turns: the transcript's non-empty lines with their byte spans.
export function splitTurns(text) {
  const turns = [];
  let byte = 0;
  for (const line of text.split('\n')) {
    const len = utf8.encode(line).length;
    if (line.trim()) {
      const m = line.match(/^\s*([A-Za-z][\w .'-]{0,30}):\s*(.*)$/);
      turns.push({n: turns.length + 1, start: byte, end: byte + len, speaker: m ? m[1] : '', text: m ? m[2] : line.trim()});
    }
    byte += len + 1;
  }
  return turns;
}

// The turns a citation points at: by span, else by its turn number.
function turnsOf(c, turns) {
  if (c.start !== undefined && c.end > c.start) {
    const hit = turns.filter(t => t.start < c.end && c.start < t.end).map(t => t.n);
    if (hit.length) return hit;
  }
  return c.turn ? [c.turn] : [];
}

function link(els, on, cls) {
  for (const el of els) el.classList.toggle(cls, on);
}

export function noteView(res, transcript) {
  const turns = splitTurns(transcript);
  const cites = new Map((res.citations || []).map(c => [c.n, c]));
  const turnEls = new Map();
  const lineEls = [];
  const turnList = h('ol', {class: 'turns', 'aria-label': 'Transcript turns'}, turns.map(t => {
    const el = h('li', {tabindex: 0, 'data-turn': t.n, 'aria-label': `Turn ${t.n}, ${t.speaker}: ${t.text}`},
      h('span', {class: 'speaker'}, t.speaker), ' ', t.text);
    turnEls.set(t.n, el);
    return el;
  }));
  const sections = (res.sections || []).map(s => h('section', {class: 'out-section'},
    h('h3', null, s.title),
    h('ul', {class: 'lines'}, s.lines.map(l => {
      const ns = [...new Set((l.citations || []).flatMap(n => cites.get(n) ? turnsOf(cites.get(n), turns) : []))];
      const el = h('li', {tabindex: 0, class: l.supported === false ? 'unsupported' : null, 'data-turns': ns.join(' '),
        'aria-label': l.text + (ns.length ? `. From turn${ns.length > 1 ? 's' : ''} ${ns.join(', ')}` : '') +
          (l.supported === false ? '. Unsupported by the transcript' : '')},
        l.text, ns.length ? h('span', {class: 'turn-refs', 'aria-hidden': 'true'}, ns.map(n => 'T' + n).join(' ')) : null,
        l.supported === false ? h('span', {class: 'flag'}, ' Unsupported') : null);
      el.turns = ns;
      lineEls.push(el);
      return el;
    }))));
  const lit = (line, on, cls) => {
    link([line], on, cls);
    link(line.turns.map(n => turnEls.get(n)).filter(Boolean), on, cls);
  };
  for (const el of lineEls) {
    el.addEventListener('mouseenter', () => lit(el, true, 'linked'));
    el.addEventListener('mouseleave', () => lit(el, false, 'linked'));
    el.addEventListener('focus', () => lit(el, true, 'linked'));
    el.addEventListener('blur', () => lit(el, false, 'linked'));
    const select = () => {
      const on = !el.classList.contains('selected');
      for (const x of lineEls) lit(x, false, 'selected');
      for (const t of turnEls.values()) t.classList.remove('selected');
      lit(el, on, 'selected');
      const first = turnEls.get(el.turns[0]);
      if (on && first) first.scrollIntoView({block: 'nearest'});
    };
    el.addEventListener('click', select);
    el.addEventListener('keydown', e => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); select(); } });
  }
  for (const [n, t] of turnEls) {
    const lines = lineEls.filter(l => l.turns.includes(n));
    const on = v => { link([t], v, 'linked'); link(lines, v, 'linked'); };
    t.addEventListener('mouseenter', () => on(true));
    t.addEventListener('mouseleave', () => on(false));
    t.addEventListener('focus', () => on(true));
    t.addEventListener('blur', () => on(false));
  }
  return h('div', {class: 'note-split', 'data-testid': 'note'},
    h('section', {class: 'card', 'aria-labelledby': 'h-transcript'}, h('h2', {id: 'h-transcript'}, 'Transcript'), turnList),
    h('section', {class: 'card', 'aria-labelledby': 'h-note'}, h('h2', {id: 'h-note'}, 'Drafted note'),
      draftBanner(res), sections));
}

export async function render(main, session, id, tab, current, {header, tabs, loadChart}) {
  const chart = await loadChart(main, session, id, current);
  if (!chart || !current()) return;
  const text = h('textarea', {id: 'transcript', rows: 10, placeholder: 'DOCTOR: What brings you in today?\nPATIENT: …'});
  const file = h('input', {id: 'transcript-file', type: 'file', accept: '.txt,text/plain', onchange: async () => {
    if (file.files[0]) text.value = await file.files[0].text();
  }});
  const out = h('div', {'aria-live': 'polite'});
  const form = h('form', {class: 'task', onsubmit: async e => {
    e.preventDefault();
    const t = text.value.replace(/\r\n/g, '\n');
    if (!t.trim()) { text.focus(); return; }
    const b = form.querySelector('button[type=submit]');
    b.disabled = true;
    clear(out, h('p', {class: 'muted', role: 'status'}, 'Drafting the note…'));
    try {
      const res = await task('/api/v1/note', {patient: id, transcript: t, flag_unsupported: true});
      clear(out, noteView(res, t));
    } catch (ex) {
      clear(out, problem(ex));
    } finally {
      b.disabled = false;
    }
  }},
    h('label', {for: 'transcript'}, 'Paste the visit conversation (one turn a line, "SPEAKER: words")'), text,
    h('label', {for: 'transcript-file'}, 'or upload a transcript file'), file,
    h('button', {type: 'submit', class: 'primary'}, 'Draft the note'));
  clear(main, header(chart), tabs(id, tab), h('div', {class: 'card'}, h('h2', null, 'Visit note'), form), out);
  text.focus();
}
