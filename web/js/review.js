// review.js — the review queue: drafts awaiting review by patient and
// task, and one draft with the actions a clinician takes in one step:
// approve, reject with a reason, or edit in place (the edit is stored as
// the final text, every version kept by the server with its unified diff;
// the word diff from the draft and the stored versions are shown).
// Nurses see the queue but cannot review (the server refuses it too).

import {api, patients} from './api.js';
import {h, clear, problem, title, fmtDate} from './dom.js';
import {badge, textBlocks, sourcesView} from './render.js';
import {diffView} from './diff.js';

const TASKS = {ask: 'Answer', summarize: 'Summary', summary: 'Summary', note: 'Visit note', instructions: 'Instructions',
               priorauth: 'Prior authorization'};

async function names() {
  try { return new Map((await patients()).map(p => [p.id, p.name || p.id])); } catch (e) { return new Map(); }
}

async function queue(main, session, current) {
  clear(main, title(session.role === 'clinician' ? 'Review queue' : 'Drafts'),
    h('p', {class: 'muted'}, 'Every AI output is a draft until a clinician approves it.'));
  let list, who;
  try {
    [list, who] = await Promise.all([api('/api/v1/drafts?status=draft&limit=200'), names()]);
  } catch (e) {
    if (current()) main.append(problem(e));
    return;
  }
  if (!current()) return;
  if (!list.length) {
    main.append(h('p', {'data-testid': 'queue-empty'}, 'Nothing awaits review.'));
    return;
  }
  const groups = new Map();
  for (const d of list) {
    const key = d.patient_id || '';
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(d);
  }
  main.append(h('div', {'data-testid': 'queue'}, [...groups].map(([pid, ds]) =>
    h('section', {class: 'card queue-group'},
      h('h2', null, pid ? (who.get(pid) || pid) : 'No patient attached'),
      h('table', {class: 'list'},
        h('thead', null, h('tr', null, ['Draft', 'Task', 'Produced by', 'Created', 'First line'].map(t => h('th', {scope: 'col'}, t)))),
        h('tbody', null, ds.sort((a, b) => (a.task > b.task) - (a.task < b.task)).map(d => h('tr', null,
          h('td', null, h('a', {href: '#/review/' + d.id}, 'Draft ' + d.id)),
          h('td', null, TASKS[d.task] || d.task), h('td', null, badge(d.backend, d.model)),
          h('td', null, fmtDate(d.created_at)), h('td', null, d.first_line || '')))))))));
}

function textOf(d) {
  return d.final_text !== null && d.final_text !== undefined ? d.final_text : d.output;
}

// The server's stored unified diff of one version, lines marked.
function unifiedDiff(text) {
  return h('pre', {class: 'diff unified', 'data-testid': 'stored-diff'}, text.split('\n').map(l =>
    h('span', {class: /^\+(?!\+\+)/.test(l) ? 'add' : /^-(?!--)/.test(l) ? 'rem' : /^@@/.test(l) ? 'hunk' : null}, l + '\n')));
}

function versionsView(v) {
  if (!v || !v.versions || v.versions.length < 2) return null;
  return h('section', {class: 'card', 'aria-labelledby': 'h-versions', 'data-testid': 'versions'},
    h('h2', {id: 'h-versions'}, `Versions (${v.versions.length}), as stored`),
    h('ol', {class: 'versions'}, v.versions.map(x => h('li', {value: x.version},
      h('p', null, h('strong', null, x.kind === 'generated' ? 'Generated' : 'Edited'), ` by ${x.author} at `,
        (x.created_at || '').replace('T', ' ').replace('Z', ' UTC')),
      x.diff ? unifiedDiff(x.diff) : null))));
}

async function versionsOf(id) {
  try { return await api(`/api/v1/drafts/${encodeURIComponent(id)}/versions`); } catch (e) { return null; }
}

async function detail(main, session, id, current) {
  let d, who, versions;
  try {
    [d, who, versions] = await Promise.all([api('/api/v1/drafts/' + encodeURIComponent(id)), names(), versionsOf(id)]);
  } catch (e) {
    if (current()) clear(main, title('Draft ' + id), problem(e));
    return;
  }
  if (!current()) return;
  const history = h('div');
  const v = d.verification || {};
  const status = h('p', {class: 'status-line', 'data-testid': 'draft-status', role: 'status'},
    'Status: ', h('strong', null, d.status), d.reviewer ? ` by ${d.reviewer}` : '', d.updated_at ? ` on ${fmtDate(d.updated_at)}` : '');
  const body = h('div', {class: 'draft-text', 'data-testid': 'draft-text'});
  const actions = h('div', {class: 'actions'});
  const err = h('div', {'aria-live': 'assertive'});
  const changes = h('div');
  const show = () => {
    clear(status, 'Status: ', h('strong', null, d.status), d.reviewer ? ` by ${d.reviewer}` : '',
      d.updated_at ? ` on ${fmtDate(d.updated_at)}` : '');
    clear(body, textBlocks(textOf(d), d.citations));
    // What review changed, word by word, from the generated draft to the
    // text now in force; the server's stored versions and diffs below.
    const edited = d.final_text !== null && d.final_text !== undefined && d.final_text !== d.output;
    clear(changes, edited ? [h('h2', null, 'Changes made in review'), diffView(d.output, textOf(d))] : null);
    clear(history, versionsView(versions));
    clear(actions);
    if (d.status === 'rejected') return;
    if (session.role !== 'clinician') {
      if (d.status === 'draft') actions.append(h('p', {class: 'muted'}, 'Only a clinician can approve, edit or reject a draft.'));
      return;
    }
    if (d.status === 'draft') actions.append(h('button', {type: 'button', class: 'ok', onclick: () => act('approve', {})}, 'Approve'));
    // An approved or edited draft may still be amended by an edit.
    actions.append(h('button', {type: 'button', onclick: edit}, d.status === 'draft' ? 'Edit…' : 'Amend…'));
    if (d.status === 'draft') actions.append(h('button', {type: 'button', class: 'danger', onclick: reject}, 'Reject…'));
  };
  const act = async (what, bodyJson) => {
    clear(err);
    try {
      d = await api(`/api/v1/drafts/${d.id}/${what}`, {method: 'POST', body: bodyJson});
      versions = await versionsOf(d.id);
      show();
      status.focus && status.setAttribute('tabindex', '-1');
      status.focus();
    } catch (e) {
      clear(err, problem(e));
    }
  };
  const edit = () => {
    const ta = h('textarea', {id: 'edit-text', rows: Math.min(30, textOf(d).split('\n').length + 3)});
    ta.value = textOf(d);
    clear(body, h('label', {for: 'edit-text'}, 'Edit the text (the draft and your changes are both kept)'), ta);
    clear(actions,
      h('button', {type: 'button', onclick: show}, 'Cancel'),
      // base_version: a colleague's edit made meanwhile is a 409, not overwritten.
      h('button', {type: 'button', class: 'ok', onclick: () => act('edit', d.version ? {text: ta.value, base_version: d.version}
        : {text: ta.value})}, 'Save the edit and approve'));
    ta.focus();
  };
  const reject = () => {
    const reason = h('textarea', {id: 'reject-reason', rows: 2});
    clear(actions, h('div', {class: 'reject'}, h('label', {for: 'reject-reason'}, 'Reason for rejecting (required)'), reason,
      h('div', {class: 'actions'}, h('button', {type: 'button', onclick: show}, 'Cancel'),
        h('button', {type: 'button', class: 'danger', onclick: () => {
          if (!reason.value.trim()) { clear(err, h('p', {class: 'error', role: 'alert'}, 'Give a reason.')); reason.focus(); return; }
          act('reject', {reason: reason.value.trim()});
        }}, 'Reject the draft'))));
    reason.focus();
  };
  clear(main,
    title(`${TASKS[d.task] || d.task} — draft ${d.id}`),
    h('p', {class: 'demo'}, d.patient_id ? ['Patient: ', h('a', {href: '#/patient/' + encodeURIComponent(d.patient_id)},
      who.get(d.patient_id) || d.patient_id), ' · '] : null,
      'Produced by ', badge(d.backend, d.model), ' · created ', fmtDate(d.created_at)),
    h('p', {class: 'muted'}, `Verification: ${v.supported ?? '?'} of ${v.sentences ?? '?'} sentences supported by the record`,
      v.dropped ? `, ${v.dropped} unsupported dropped` : '', v.flagged ? `, ${v.flagged} flagged` : '',
      v.generated_by_model === false ? ' (assembled from cited records, no model)' : ''),
    status,
    h('article', {class: 'card'}, body, sourcesView(d.citations)),
    err, actions, changes, history);
  show();
}

export async function render(main, session, params, current) {
  if (params[0]) return detail(main, session, params[0], current);
  return queue(main, session, current);
}
