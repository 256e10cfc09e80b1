// plot.js — a trend as an SVG line plot: values over time on a true time
// axis, each point with its date and value (a tooltip, and the points'
// source on click). Presentation attributes only: the Content-Security-
// Policy forbids inline style.

import {h} from './dom.js';

function fmt(v) {
  return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2).replace(/0$/, '');
}

export function trendPlot(s) {
  const W = 320, H = 150, L = 44, R = 10, T = 12, B = 24;
  const pts = s.points.map(p => ({...p, t: Date.parse(p.date)})).filter(p => !Number.isNaN(p.t));
  const t0 = pts[0].t, t1 = pts[pts.length - 1].t || t0 + 1;
  let lo = Math.min(...pts.map(p => p.value)), hi = Math.max(...pts.map(p => p.value));
  if (hi === lo) { hi += 1; lo -= 1; }
  const pad = (hi - lo) * 0.1;
  lo -= pad; hi += pad;
  const x = t => L + (t1 === t0 ? 0.5 : (t - t0) / (t1 - t0)) * (W - L - R);
  const y = v => T + (1 - (v - lo) / (hi - lo)) * (H - T - B);
  const last = pts[pts.length - 1];
  const unit = s.unit ? ' ' + s.unit : '';
  const label = `${s.name}: ${pts.length} values from ${pts[0].date} to ${last.date}; latest ${fmt(last.value)}${unit}`;
  const svg = h('svg:svg', {viewBox: `0 0 ${W} ${H}`, class: 'plot', role: 'img', 'aria-label': label},
    h('svg:title', null, label),
    h('svg:line', {x1: L, y1: T, x2: L, y2: H - B, stroke: '#8a8f98'}),
    h('svg:line', {x1: L, y1: H - B, x2: W - R, y2: H - B, stroke: '#8a8f98'}),
    h('svg:text', {x: L - 4, y: T + 4, 'text-anchor': 'end', class: 'tick'}, fmt(hi - pad)),
    h('svg:text', {x: L - 4, y: H - B, 'text-anchor': 'end', class: 'tick'}, fmt(lo + pad)),
    h('svg:text', {x: L, y: H - 6, class: 'tick'}, pts[0].date.slice(0, 7)),
    h('svg:text', {x: W - R, y: H - 6, 'text-anchor': 'end', class: 'tick'}, last.date.slice(0, 7)),
    h('svg:polyline', {points: pts.map(p => `${x(p.t).toFixed(1)},${y(p.value).toFixed(1)}`).join(' '),
      fill: 'none', stroke: '#1f5fbf', 'stroke-width': 2}),
    pts.map(p => h('svg:circle', {cx: x(p.t).toFixed(1), cy: y(p.value).toFixed(1), r: 3.5, fill: '#1f5fbf',
      class: 'pt'},
      h('svg:title', null, `${p.date}: ${fmt(p.value)}${unit} (${p.ref})`))));
  return h('figure', {class: 'trend', 'data-code': s.code},
    h('figcaption', null, h('span', {class: 'name'}, s.name),
      h('span', {class: 'latest'}, fmt(last.value) + unit)),
    svg);
}
