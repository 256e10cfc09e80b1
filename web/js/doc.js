// doc.js — the source viewer: one document in a dialog, with the cited
// span highlighted and scrolled into view. Offsets from the server are
// byte offsets into the UTF-8 text; JavaScript strings count UTF-16 units,
// so they are converted before slicing.

import {api} from './api.js';
import {h, clear, problem, fmtDate} from './dom.js';

export function byteToIndex(text, byte) {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    if (bytes >= byte) return i;
    const c = text.codePointAt(i);
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    if (c > 0xffff) i++;
  }
  return text.length;
}

// The dialog element shared by every modal of the workspace.
export function dialog(titleText, ...content) {
  const d = document.getElementById('dialog');
  const opener = document.activeElement;
  const close = h('button', {type: 'button', class: 'close', 'aria-label': 'Close', onclick: () => d.close()}, '×');
  clear(d, h('div', {class: 'dialog-head'}, h('h2', {id: 'dialog-title'}, titleText), close), ...content);
  d.addEventListener('close', () => { if (opener && opener.focus) opener.focus(); }, {once: true});
  if (!d.open) d.showModal();
  return d;
}

export async function openDoc(id, start, end, label) {
  const body = h('div', {class: 'doc-body'}, h('p', {class: 'muted'}, 'Loading…'));
  const d = dialog(label || 'Source document', body);
  d.dataset.doc = id || '';
  if (!id) {
    clear(body, h('p', null, 'There is no readable document for this record.'));
    return;
  }
  let doc;
  try {
    doc = await api('/api/v1/documents/' + encodeURIComponent(id));
  } catch (e) {
    clear(body, problem(e));
    return;
  }
  const text = doc.text || '';
  let pre;
  if (start !== undefined && start !== null && end > start) {
    const a = byteToIndex(text, start), b = byteToIndex(text, end);
    pre = h('pre', {class: 'doc-text', tabindex: 0, 'aria-label': 'Document text'}, text.slice(0, a),
      h('mark', {class: 'cited', tabindex: '-1', 'data-testid': 'cited-span'}, text.slice(a, b)), text.slice(b));
  } else {
    pre = h('pre', {class: 'doc-text', tabindex: 0, 'aria-label': 'Document text'}, text);
  }
  clear(body,
    h('dl', {class: 'meta'},
      h('dt', null, 'Document'), h('dd', null, (doc.title || doc.kind) + ' · ' + doc.kind + ' · doc ' + doc.id),
      doc.date ? [h('dt', null, 'Date'), h('dd', null, fmtDate(doc.date))] : null,
      doc.author ? [h('dt', null, 'Author'), h('dd', null, doc.author)] : null,
      h('dt', null, 'Source'), h('dd', null, (doc.source_format || '') + (doc.source_id ? ' · ' + doc.source_id : ''))),
    pre);
  const m = pre.querySelector('mark');
  if (m) {
    m.scrollIntoView({block: 'center'});
    m.focus({preventScroll: true});
  }
}
