// chart.js — one patient: the chart and the tasks on it, as tabs
// (#/patient/ID/chart|ask|summary|instructions|priorauth|note).
//
// The chart paints from one request (GET /api/v1/patients/ID); the trend
// series (GET .../trends) fill in after, so the first paint does not wait
// for them. Every item has a Source button that opens the document it
// came from (a note's span for facts derived from text, else the
// record's readable rendering). A patient outside the care team answers
// 404, exactly as a missing one; a clinician may then break the glass.

import {api, ApiError} from './api.js';
import {h, clear, problem, title, fmtDate} from './dom.js';
import {openDoc} from './doc.js';
import {trendPlot} from './plot.js';
import {breakGlass} from './btg.js';

const TABS = [['chart', 'Chart'], ['ask', 'Ask'], ['summary', 'Summary'], ['instructions', 'Instructions'],
              ['priorauth', 'Prior authorization'], ['note', 'Visit note']];
const SECTIONS = [['problems', 'Problems'], ['medications', 'Medications'], ['allergies', 'Allergies'],
                  ['observations', 'Latest labs and vitals'], ['encounters', 'Encounters'], ['documents', 'Notes and documents'],
                  ['mentioned_in_notes', 'Mentioned in notes']];
// Trends a clinician looks for first, then the longest series.
const PREFERRED = [/a1c/i, /glucose/i, /systolic/i, /diastolic/i, /creatinine/i, /glomerular/i, /body weight/i,
                   /body mass/i, /cholesterol/i, /potassium/i];

// Opens where a record can be read: its note and span, or its rendering.
async function openSource(rid, label) {
  try {
    const src = await api(`/api/v1/resources/${rid}/source`);
    if (src.doc) return openDoc(src.doc, src.start, src.end, 'Source: ' + src.ref);
    openDoc(null, null, null, 'Source: ' + src.ref);
  } catch (e) {
    openDoc(null, null, null, label);
  }
}

// A fact reconciled from several records lists each (origin and date).
function sourceButtons(item, label) {
  if (item.document) {
    return h('button', {type: 'button', class: 'src', 'aria-label': `Open ${label}`,
      onclick: () => openDoc(item.document, null, null, label)}, 'Open');
  }
  const srcs = item.sources || [];
  const button = s => h('button', {type: 'button', class: 'src', title: `Source: ${s.origin} record ${s.resource}`,
    'aria-label': `Source of ${label}: ${s.origin}${s.date ? ', ' + s.date : ''}`,
    onclick: () => openSource(s.resource, 'Source of ' + label)}, srcs.length > 1 ? `${s.origin} ${fmtDate(s.date)}` : 'Source');
  return [srcs.slice(0, 2).map(button),
    srcs.length > 2 ? h('details', {class: 'more-src'}, h('summary', null, `${srcs.length - 2} more sources`),
      srcs.slice(2).map(button)) : null];
}

function section(key, name, items) {
  const list = h('ul', {class: 'items'}, items.length ? items.map(it =>
    h('li', null, h('span', {class: 'date'}, fmtDate(it.date)), ' ',
      h('span', {class: 'text'}, it.text || '(no description)'),
      it.status ? h('span', {class: 'status status-' + it.status}, it.status) : null, ' ',
      it.previous ? h('span', {class: 'prev'}, ` (previous ${it.previous.value}${it.previous.date ? ' on ' + it.previous.date : ''})`) : null,
      ' ', sourceButtons(it, it.text || name))) : h('li', {class: 'muted'}, 'None recorded'));
  return h('section', {class: 'card section-' + key, 'aria-labelledby': 'h-' + key},
    h('h2', {id: 'h-' + key}, name), list);
}

export function header(chart) {
  return h('div', {class: 'patient-head'},
    title(chart.name || chart.id),
    h('p', {class: 'demo'},
      chart.mrn ? ['MRN ', h('strong', null, chart.mrn), ' · '] : null,
      'Born ', fmtDate(chart.birth_date) || '–', ' · ', chart.sex || '–',
      chart.deceased_date ? [' · ', h('span', {class: 'tag'}, 'Died ' + fmtDate(chart.deceased_date))] : null));
}

function tabs(id, tab) {
  return h('nav', {class: 'tabs', 'aria-label': 'Patient'}, h('ul', null, TABS.map(([k, t]) =>
    h('li', null, h('a', {href: `#/patient/${encodeURIComponent(id)}/${k}`, 'aria-current': k === tab ? 'page' : null}, t)))));
}

async function trends(id, box, current) {
  let series;
  try {
    series = await api(`/api/v1/patients/${encodeURIComponent(id)}/trends`);
  } catch (e) {
    if (current()) clear(box, problem(e));
    return;
  }
  if (!current()) return;
  const rank = s => { const i = PREFERRED.findIndex(re => re.test(s.name || '')); return i < 0 ? 99 : i; };
  series.sort((a, b) => rank(a) - rank(b) || b.points.length - a.points.length);
  const plots = series.map(s => trendPlot(s));
  const shown = 6;
  const more = plots.length > shown ? h('details', null, h('summary', null, `${plots.length - shown} more trends`),
    h('div', {class: 'trends'}, plots.slice(shown))) : null;
  clear(box, plots.length ? h('div', {class: 'trends'}, plots.slice(0, shown)) : h('p', {class: 'muted'}, 'No repeated numeric results.'), more);
}

// Loads the chart or explains why not (404: maybe outside the care team).
export async function loadChart(main, session, id, current) {
  try {
    return await api('/api/v1/patients/' + encodeURIComponent(id));
  } catch (e) {
    if (!current()) return null;
    if (e instanceof ApiError && e.status === 404 && (session.role === 'clinician' || session.role === 'nurse')) {
      clear(main, title('Patient not in your care'),
        h('p', null, 'This patient is not on your care team, or there is no such patient.'),
        h('p', null, 'In an emergency you may break the glass: you state a reason, access is granted for a limited time, ',
          'and the access is recorded in the audit log and reviewed.'),
        h('button', {type: 'button', class: 'danger', onclick: () => breakGlass(id)}, 'Break the glass…'));
    } else {
      clear(main, title('Patient'), problem(e));
    }
    return null;
  }
}

export async function render(main, session, params, current) {
  const id = params[0];
  const tab = TABS.some(([k]) => k === params[1]) ? params[1] : 'chart';
  if (tab !== 'chart') {
    const mods = {ask: './ask.js', summary: './tasks.js', instructions: './tasks.js', priorauth: './tasks.js', note: './note.js'};
    const mod = await import(mods[tab]);
    return mod.render(main, session, id, tab, current, {header, tabs, loadChart});
  }
  const chart = await loadChart(main, session, id, current);
  if (!chart || !current()) return;
  const trendBox = h('div', {'aria-live': 'polite'}, h('p', {class: 'muted'}, 'Loading trends…'));
  clear(main, header(chart), tabs(id, tab),
    h('div', {class: 'chart-grid', 'data-testid': 'chart'},
      SECTIONS.slice(0, 3).map(([k, n]) => section(k, n, chart[k] || [])),
      h('section', {class: 'card wide section-trends', 'aria-labelledby': 'h-trends'},
        h('h2', {id: 'h-trends'}, 'Trends'), trendBox),
      SECTIONS.slice(3).map(([k, n]) => section(k, n, chart[k] || []))));
  // The chart is on screen: note when the browser paints it (the test
  // reads this to measure first paint).
  requestAnimationFrame(() => requestAnimationFrame(() => { window.wardChartPaint = performance.now(); }));
  trends(id, trendBox, current);
}
