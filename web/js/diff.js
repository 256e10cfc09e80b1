// diff.js — the changes between a draft and its reviewed text, word by
// word (longest common subsequence), shown as <del>/<ins>. Long texts fall
// back to lines so the table stays small.

import {h} from './dom.js';

function tokens(s, byLine) {
  return byLine ? s.split(/(?<=\n)/) : s.split(/(\s+)/).filter(t => t !== '');
}

export function diffOps(a, b) {
  let x = tokens(a, false), y = tokens(b, false);
  if (x.length * y.length > 4e6) { x = tokens(a, true); y = tokens(b, true); }
  const n = x.length, m = y.length;
  const L = Array.from({length: n + 1}, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      L[i][j] = x[i] === y[j] ? L[i + 1][j + 1] + 1 : Math.max(L[i + 1][j], L[i][j + 1]);
  const ops = [];
  const push = (op, t) => {
    const last = ops[ops.length - 1];
    if (last && last.op === op) last.text += t; else ops.push({op, text: t});
  };
  let i = 0, j = 0;
  while (i < n && j < m) {
    if (x[i] === y[j]) { push('=', x[i]); i++; j++; }
    else if (L[i + 1][j] >= L[i][j + 1]) push('-', x[i++]);
    else push('+', y[j++]);
  }
  while (i < n) push('-', x[i++]);
  while (j < m) push('+', y[j++]);
  return ops;
}

export function diffView(a, b) {
  const ops = diffOps(a || '', b || '');
  const changed = ops.some(o => o.op !== '=');
  return h('div', {class: 'diff', 'data-testid': 'diff', 'aria-label': 'Changes from the draft: deletions and insertions'},
    changed ? ops.map(o => o.op === '=' ? o.text : o.op === '-'
      ? h('del', {'aria-label': 'deleted: ' + o.text}, o.text) : h('ins', {'aria-label': 'inserted: ' + o.text}, o.text))
      : 'No changes.');
}
