// dom.js — building the page without HTML strings.
//
// h('div', {class: 'x', onclick: f, 'aria-label': 'y'}, child, ...) makes an
// element; children are nodes, strings (always text, never parsed: record
// text cannot inject markup), arrays, or null. Everything the workspace
// shows goes through here or textContent.

export function h(tag, attrs, ...children) {
  const svg = tag.startsWith('svg:');
  const el = svg ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4))
                 : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.setAttribute('class', Array.isArray(v) ? v.filter(Boolean).join(' ') : v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'value' && !svg) el.value = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  add(el, children);
  return el;
}

function add(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) add(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(el, ...children) {
  el.replaceChildren();
  add(el, children);
  return el;
}

// An error from the API as a readable alert (the server's problem detail
// never carries patient data).
export function problem(err) {
  const msg = err && err.problem && err.problem.detail ? err.problem.detail : String(err && err.message || err);
  return h('p', {class: 'error', role: 'alert'}, msg);
}

export function fmtDate(s) {
  return s ? String(s).slice(0, 10) : '';
}

// A heading that takes focus when a screen opens, so screen readers and
// keyboard users start at the new content.
export function title(text, level = 1) {
  return h('h' + level, {tabindex: '-1', class: 'screen-title'}, text);
}
