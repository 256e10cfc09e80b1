// admin.js — administration without patient data: users and tokens, the
// audit log with the chain's verification status (break-the-glass events
// stand out with their reason), the server's metrics, and the oversight
// reports (review monitoring, the model card from the evaluations).

import {api} from './api.js';
import {h, clear, problem, title} from './dom.js';

const TABS = [['users', 'Users and tokens'], ['audit', 'Audit log'], ['metrics', 'Metrics'], ['reports', 'Reports']];

function when(t) {
  return t ? new Date(t * 1000).toISOString().slice(0, 16).replace('T', ' ') : '–';
}

function table(caption, cols, rows) {
  return h('div', {class: 'table-wrap'}, h('table', {class: 'list'}, h('caption', {class: 'sr-only'}, caption),
    h('thead', null, h('tr', null, cols.map(c => h('th', {scope: 'col'}, c)))),
    h('tbody', null, rows.map(r => h('tr', {class: r.cls || null}, r.cells.map(c => h('td', null, c)))))));
}

async function users(box) {
  const v = await api('/api/v1/admin/users');
  clear(box,
    h('h2', null, 'Users'),
    table('Users', ['Name', 'Role', 'Password', 'State', 'Limits (rpm / tokens a day / concurrent)', 'Created'],
      v.users.map(u => ({cells: [u.name, u.role, u.password ? 'set' : '–',
        u.disabled ? 'disabled' : u.locked_until > Date.now() / 1000 ? 'locked' : 'active',
        `${u.limits.rpm || '∞'} / ${u.limits.tokens_per_day || '∞'} / ${u.limits.concurrent || '∞'}`, when(u.created_at)]}))),
    h('h2', null, 'API tokens'),
    table('Tokens', ['Id', 'User', 'Scopes', 'Created', 'Expires', 'Last used', 'State'],
      v.tokens.map(t => ({cells: [String(t.id), t.user, t.scopes || 'role rights', when(t.created_at),
        t.expires_at ? when(t.expires_at) : 'never', when(t.last_used_at), t.revoked_at ? 'revoked' : 'active']}))),
    h('p', {class: 'muted'}, 'Users and tokens are managed with `ward users` and `ward tokens` on the server.'));
}

function ev(e) {
  const agent = (e.agent || [])[0] || {};
  const who = agent.who && agent.who.identifier ? agent.who.identifier.value : '';
  const role = agent.role && agent.role[0] ? agent.role[0].text : '';
  const action = e.subtype && e.subtype[0] ? e.subtype[0].code : '';
  const patient = (e.entity || []).map(x => x.what && x.what.reference).find(r => r && r.startsWith('Patient/'));
  const btg = /^btg/.test(action) || !!e.purposeOfEvent;
  const reason = btg ? ((e.purposeOfEvent || [])[0] || {}).text || (agent.purposeOfUse || [{}])[0].text || '' : '';
  return {cls: btg ? 'btg' : null, cells: [(e.recorded || '').replace('T', ' ').slice(0, 19), who, role,
    btg ? h('strong', null, 'Break-the-glass: ', action) : action, patient ? patient.slice(8) : '',
    e.outcomeDesc || e.outcome || '', reason]};
}

async function audit(box) {
  const v = await api('/api/v1/audit/verify');
  const from = Math.max(1, v.events - 299);
  const nd = await api('/api/v1/audit/export?from=' + from);
  const events = nd.split('\n').filter(Boolean).map(l => JSON.parse(l)).reverse();
  clear(box,
    h('p', {'data-testid': 'audit-status', class: v.verified ? 'verified' : 'broken'},
      v.verified ? `Chain verified: ${v.events} events, keyed and anchored, none altered or missing.`
        : `Chain broken: ${v.problem || 'verification failed'}`),
    h('h2', null, `Latest ${events.length} events`),
    h('div', {'data-testid': 'audit'}, table('Audit events', ['Recorded (UTC)', 'User', 'Role', 'Action', 'Patient', 'Outcome', 'Reason'],
      events.map(ev))));
}

function metric(text, name, filter) {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name) || line.startsWith('#')) continue;
    const m = line.match(/^(\w+)(\{[^}]*\})?\s+([-\d.e+]+)/);
    if (m && m[1] === name && (!filter || (m[2] || '').includes(filter))) sum += Number(m[3]);
  }
  return sum;
}

async function metrics(box) {
  const t = await api('/metrics');
  const stat = (label, value) => h('div', {class: 'stat'}, h('b', null, String(value)), label);
  const drafts = ['draft', 'approved', 'edited', 'rejected'].map(s => stat(`drafts ${s}`, metric(t, 'ward_drafts', `"${s}"`)));
  clear(box, h('div', {class: 'stats', 'data-testid': 'metrics'},
    stat('requests', metric(t, 'ward_http_requests_total')),
    stat('errors (5xx)', metric(t, 'ward_http_requests_total', 'status="5')),
    stat('tokens generated', metric(t, 'ward_tokens_generated_total')),
    stat('audit events', metric(t, 'ward_audit_events')),
    stat('in flight', metric(t, 'ward_http_inflight_requests')),
    stat('uptime (s)', Math.round(metric(t, 'ward_uptime_seconds'))), drafts),
    h('details', null, h('summary', null, 'All metrics (Prometheus text)'), h('pre', {class: 'doc-text', tabindex: 0, 'aria-label': 'All metrics'}, t)));
}

const pct = v => v === null || v === undefined ? '–' : (100 * v).toFixed(0) + ' %';

// Review monitoring (by task, backend and period) and the model card,
// which exists once an evaluation has run (`ward eval fairness`, `ward eval all`).
async function reports(box) {
  const v = await api('/api/v1/admin/reports');
  const by = (v.monitor && v.monitor.by) || [];
  clear(box,
    h('h2', null, 'Review monitoring'),
    by.length ? table('Drafts by task, backend and period',
      ['Task', 'Backend', 'Model', 'Period', 'Drafts', 'Reviewed', 'Approved', 'Edited', 'Rejected', 'Edit distance', 'Not found'],
      by.map(x => ({cells: [x.task, x.backend, x.model || '', x.period || '', String(x.drafts), String(x.reviewed),
        pct(x.approval_rate), pct(x.edit_rate), pct(x.rejection_rate),
        x.edit_distance === null || x.edit_distance === undefined ? '–' : x.edit_distance.toFixed(2), pct(x.not_found_rate)]})))
      : h('p', {class: 'muted'}, 'No drafts yet.'),
    h('h2', null, 'Model card (evaluation and fairness)'),
    v.card ? h('pre', {class: 'doc-text', tabindex: 0, 'aria-label': 'Model card', 'data-testid': 'card'}, v.card)
      : h('p', {class: 'muted', 'data-testid': 'card'}, 'No evaluation has been run yet: `ward eval fairness` or `ward eval all` on the server writes one.',
        v.card_problem ? ` (${v.card_problem})` : ''));
}

export async function render(main, session, params, current) {
  const tab = TABS.some(([k]) => k === params[0]) ? params[0] : 'users';
  const box = h('div', {'aria-live': 'polite'}, h('p', {class: 'muted'}, 'Loading…'));
  clear(main, title('Administration'),
    h('nav', {class: 'tabs', 'aria-label': 'Administration'}, h('ul', null, TABS.map(([k, t]) =>
      h('li', null, h('a', {href: '#/admin/' + k, 'aria-current': k === tab ? 'page' : null}, t))))),
    box);
  try {
    await {users, audit, metrics, reports}[tab](box);
  } catch (e) {
    if (current()) clear(box, problem(e));
  }
}
