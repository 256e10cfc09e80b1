// btg.js — break-the-glass: a clinician opens a patient outside the care
// team in an emergency. The dialog asks for the reason and says plainly
// what follows: a time-limited grant, recorded in the audit log with the
// reason when it starts and when it ends, and listed for review.

import {api} from './api.js';
import {h, clear} from './dom.js';
import {dialog} from './doc.js';

export function breakGlass(id) {
  const reason = h('textarea', {id: 'btg-reason', rows: 3, required: true, 'aria-describedby': 'btg-consequence'});
  const minutes = h('select', {id: 'btg-minutes'},
    [[30, '30 minutes'], [60, '1 hour'], [240, '4 hours'], [720, '12 hours']].map(([v, t]) =>
      h('option', {value: v, selected: v === 60 ? true : null}, t)));
  const err = h('div', {'aria-live': 'assertive'});
  const d = dialog('Break the glass',
    h('form', {class: 'btg', onsubmit: async e => {
      e.preventDefault();
      clear(err);
      if (!reason.value.trim()) {
        clear(err, h('p', {class: 'error', role: 'alert'}, 'State the reason for this access.'));
        reason.focus();
        return;
      }
      try {
        await api(`/api/v1/patients/${encodeURIComponent(id)}/break-glass`, {method: 'POST',
          body: {reason: reason.value.trim(), minutes: Number(minutes.value)}});
        d.close();
        window.dispatchEvent(new HashChangeEvent('hashchange'));
      } catch (ex) {
        clear(err, h('p', {class: 'error', role: 'alert'}, ex.status === 404 ? 'There is no such patient.' : ex.message));
      }
    }},
      h('div', {class: 'warning', id: 'btg-consequence'},
        h('p', null, h('strong', null, 'This access will be audited. '),
          'Your name, role, this patient, the time and your reason are recorded in the tamper-evident audit log ',
          'when the access starts and when it ends, and every break-the-glass access is reviewed.'),
        h('p', null, 'Use it only when this patient needs your care now.')),
      h('label', {for: 'btg-reason'}, 'Reason (required)'), reason,
      h('label', {for: 'btg-minutes'}, 'Access for'), minutes,
      err,
      h('div', {class: 'actions'},
        h('button', {type: 'button', onclick: () => d.close()}, 'Cancel'),
        h('button', {type: 'submit', class: 'danger'}, 'Break the glass and open the chart'))));
  reason.focus();
}
