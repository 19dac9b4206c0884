// Rejections by reason for everyone; the audit log for operators.
import { get } from './api.js';
import { time } from './i18n.js';

function rowsOf(tbody, rows) {
  tbody.replaceChildren(...rows.map(cells => {
    const tr = document.createElement('tr');
    for (const c of cells) { const td = document.createElement('td'); td.textContent = c ?? ''; tr.append(td); }
    return tr;
  }));
}

export async function showRejections() {
  const r = await get('/rejections');
  rowsOf(document.querySelector('#rejection-counts tbody'), Object.entries(r.counts).sort((a, b) => b[1] - a[1]));
  rowsOf(document.querySelector('#rejection-recent tbody'), r.recent.map(x => [time(x.at), x.reason, x.topic, x.detail]));
}

export async function showAudit() {
  const r = await get('/audit');
  rowsOf(document.querySelector('#audit-table tbody'), r.entries.slice().reverse().map(e => [e.at, e.actor, e.action, e.target, e.detail]));
}
