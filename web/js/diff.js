// diff.js — the changes between a draft and its reviewed text (longest
// common subsequence by line, then by word inside a replaced line), shown
// as <del>/<ins>.

import {h} from './dom.js';

// Longest common subsequence of two token lists, as runs of '=', '-', '+'.
function lcs(x, y) {
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

const words = s => s.split(/(\s+)/).filter(t => t !== '');

// Lines first (an added line reads as one insertion), then words inside
// a changed line (a replaced line shows what changed in it).
export function diffOps(a, b) {
  const lines = lcs(a.split(/(?<=\n)/), b.split(/(?<=\n)/));
  const ops = [];
  for (let k = 0; k < lines.length; k++) {
    const o = lines[k], next = lines[k + 1];
    const small = next && o.text.length * next.text.length < 4e6;
    if (o.op === '-' && next && next.op === '+' && small) {
      ops.push(...lcs(words(o.text), words(next.text)));
      k++;
    } else {
      ops.push(o);
    }
  }
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
