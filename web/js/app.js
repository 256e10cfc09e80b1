// app.js — the workspace's shell: who is signed in, the navigation their
// role gets, and the hash router (#/patients, #/patient/ID/TAB, #/review,
// #/admin, #/me, #/research). Every screen is a module with
// render(main, session, params); the server decides what data each role
// gets, the shell only decides which screens to offer.

import {api, prefetch, setCsrf, whenUnauthorized, forget} from './api.js';
import {h, clear} from './dom.js';

const ROLE_HOME = {clinician: '#/patients', nurse: '#/patients', patient: '#/me', researcher: '#/research',
                   admin: '#/admin', integration: '#/integration'};
const NAV = {
  clinician: [['#/patients', 'Patients'], ['#/review', 'Review queue']],
  nurse: [['#/patients', 'Patients'], ['#/review', 'Drafts']],
  patient: [['#/me', 'My record']],
  researcher: [['#/research', 'Research']],
  admin: [['#/admin', 'Admin']],
  integration: [],
};

const screens = {
  signin: () => import('./signin.js'),
  patients: () => import('./patients.js'),
  patient: () => import('./chart.js'),
  review: () => import('./review.js'),
  admin: () => import('./admin.js'),
  me: () => import('./me.js'),
  research: () => import('./research.js'),
  integration: () => import('./signin.js'),
};

let session = null;
const main = document.getElementById('main');

function renderWho() {
  const who = document.getElementById('who');
  const nav = document.getElementById('nav');
  if (!session) {
    clear(who);
    clear(nav);
    return;
  }
  clear(who,
    h('span', {class: 'user', 'data-testid': 'who'}, 'Signed in as ', h('strong', null, session.user),
      ' ', h('span', {class: 'role role-' + session.role}, session.role)),
    h('button', {type: 'button', class: 'link', onclick: signOut}, 'Sign out'));
  const here = location.hash.split('/').slice(0, 2).join('/');
  clear(nav, h('ul', null, (NAV[session.role] || []).map(([href, text]) =>
    h('li', null, h('a', {href, 'aria-current': href === here ? 'page' : null}, text)))));
}

async function signOut() {
  try { await api('/api/v1/logout', {method: 'POST'}); } catch (e) { /* gone already */ }
  session = null;
  forget();
  location.hash = '#/signin';
}

export function signedIn(s) {
  session = s;
  setCsrf(s.csrf_token);
  const home = ROLE_HOME[s.role] || '#/signin';
  if (location.hash === home) route();
  else location.hash = home;  // hashchange routes
}

async function route() {
  const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  let name = parts[0] || '';
  if (!session && name !== 'signin') {
    location.hash = '#/signin';
    return;
  }
  if (session && (!name || name === 'signin')) {
    location.hash = ROLE_HOME[session.role];
    return;
  }
  if (!screens[name]) name = 'signin';
  renderWho();
  const mod = await screens[name]();
  // A screen may be left before its data comes: each render gets a token
  // and drops its output when a newer one has started.
  const token = Symbol(name);
  main.dataset.screen = name;
  route.current = token;
  await mod.render(main, session, parts.slice(1), () => route.current === token);
  const t = main.querySelector('.screen-title');
  if (t && document.activeElement === document.body) t.focus({preventScroll: true});
}

whenUnauthorized(() => {
  if (!session) return;
  session = null;
  forget();
  location.hash = '#/signin';
  main.prepend(h('p', {class: 'notice', role: 'status'}, 'Your session ended (signed out after inactivity). Please sign in again.'));
});

window.addEventListener('hashchange', route);

(async function start() {
  // A chart opened directly (a bookmark, a reload) is fetched alongside
  // the session, not after it: the first paint waits for one round trip.
  const m = location.hash.match(/^#\/patient\/([^/]+)\/?(chart)?$/);
  if (m) prefetch('/api/v1/patients/' + m[1]);
  try {
    const s = await api('/api/v1/session');
    session = s;
    setCsrf(s.csrf_token);
  } catch (e) {
    session = null;
  }
  route();
})();
