// signin.js — password sign-in (POST /api/v1/login sets the session
// cookie and answers the CSRF token). One message for every failure, as
// the server gives: which part was wrong would help a guesser.

import {api, ApiError} from './api.js';
import {h, clear, title} from './dom.js';
import {signedIn} from './app.js';

export function render(main, session, params) {
  if (session && session.role === 'integration') {
    clear(main, title('Integration account'),
      h('p', null, 'Integration accounts send data through the API (POST /api/v1/ingest); there is nothing to show here.'));
    return;
  }
  const err = h('div', {'aria-live': 'assertive'});
  const user = h('input', {id: 'user', name: 'user', autocomplete: 'username', required: true});
  const pw = h('input', {id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true});
  const form = h('form', {class: 'card signin', onsubmit: async e => {
    e.preventDefault();
    clear(err);
    const button = form.querySelector('button');
    button.disabled = true;
    try {
      await api('/api/v1/login', {method: 'POST', body: {user: user.value, password: pw.value}});
      signedIn(await api('/api/v1/session'));
    } catch (ex) {
      const msg = ex instanceof ApiError && ex.status === 401
        ? 'Wrong user name or password, or the account is locked for a while.'
        : (ex.message || 'Sign-in failed.');
      clear(err, h('p', {class: 'error', role: 'alert'}, msg));
      pw.value = '';
      pw.focus();
    } finally {
      button.disabled = false;
    }
  }},
    title('Sign in to Ward'),
    h('p', {class: 'muted'}, 'A clinical workspace: every AI output is a draft for review, every statement leads to its source.'),
    h('label', {for: 'user'}, 'User name'), user,
    h('label', {for: 'password'}, 'Password'), pw,
    err,
    h('button', {type: 'submit', class: 'primary'}, 'Sign in'));
  clear(main, form);
  user.focus();
}
