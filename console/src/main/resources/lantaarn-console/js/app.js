// The console's entry point: token, language, views, and the live fleet from server-sent events.
import { events, get, setToken, token } from './api.js';
import { consoleState } from './fleet.js';
import { language, setLanguage, t } from './i18n.js';
import { FleetMap } from './map.js';
import { NodePanel } from './panel.js';
import { StreetView } from './street.js';
import { showAudit, showRejections } from './admin.js';

const $ = s => document.querySelector(s);
let fleet = [];
let map, panel, street, stopEvents, role = 'viewer', view = 'map';

function fail(e) {
  const box = $('#error');
  box.hidden = false;
  box.textContent = e.status === 401 ? t('needToken') : String(e.message || e);
}
function clearError() { $('#error').hidden = true; }

const items = new Map(); // node → its list item, kept across updates so keyboard focus stays where it is

function renderList() {
  const now = Date.now();
  const list = $('#node-list');
  const wanted = [];
  for (const n of fleet) {
    const state = consoleState(n, now);
    let li = items.get(n.node);
    if (!li) {
      li = document.createElement('li');
      const b = document.createElement('button');
      b.type = 'button';
      b.dataset.node = n.node;
      const name = document.createElement('span'); name.textContent = n.node;
      const st = document.createElement('span');
      b.append(name, st);
      b.addEventListener('click', () => select(n.node));
      li.append(b);
      items.set(n.node, li);
    }
    const b = li.firstChild;
    b.dataset.state = state;
    b.toggleAttribute('aria-current', panel.node === n.node);
    if (panel.node === n.node) b.setAttribute('aria-current', 'true');
    const st = b.lastChild;
    st.className = 'state ' + state;
    st.textContent = t(state);
    wanted.push(li);
  }
  for (const [id, li] of items) if (!fleet.some(n => n.node === id)) { li.remove(); items.delete(id); }
  wanted.forEach((li, i) => { if (list.children[i] !== li) list.insertBefore(li, list.children[i] || null); });
  const online = fleet.filter(n => consoleState(n, now) === 'online').length;
  $('#fleet-summary').textContent = t('summary', fleet.length, online);
}

function onFleet(body) {
  fleet = JSON.parse(body).nodes;
  map.update(fleet);
  renderList();
  if (panel.node) panel.show(fleet.find(n => n.node === panel.node));
  clearError();
}

function select(node, stream) {
  map.select(node);
  panel.open(node, fleet.find(n => n.node === node), stream).catch(fail);
  renderList();
}

function show(v) {
  view = v;
  for (const b of document.querySelectorAll('.tab')) b.setAttribute('aria-pressed', String(b.dataset.view === v));
  for (const s of document.querySelectorAll('.view')) s.hidden = s.id !== 'view-' + v;
  if (v === 'map') map.resize();
  refreshView();
}

function refreshView() {
  const go = {
    street: () => street.draw(fleet, $('#street-measure').value, Number($('#street-span').value)),
    rejections: showRejections,
    audit: showAudit,
  }[view];
  go?.().catch(fail);
}

async function connect() {
  stopEvents?.();
  try {
    const settings = await get('/console');
    role = settings.role;
    $('#who').textContent = t('as', settings.name, settings.role);
    for (const el of document.querySelectorAll('.operator-only')) {
      if (role !== 'operator') el.remove(); // a viewer gets no operator controls at all, not hidden ones
      else if (!el.classList.contains('view')) el.hidden = false;
    }
    panel.setRole(role);
    if (!map) map = new FleetMap($('#map'), settings.tileUrl, select);
    onFleet(JSON.stringify(await get('/nodes')));
    stopEvents = events('/events', (name, data) => { if (name === 'fleet') onFleet(data); }, fail);
    follow(location.hash);
  } catch (e) {
    fail(e);
  }
}

/** Links into the console: #street, #rejections, #audit, #node/<id>, #node/<id>/<stream>. */
function follow(hash) {
  const [what, id, stream] = hash.replace(/^#/, '').split('/');
  if (what === 'node' && fleet.some(n => n.node === id)) select(id, stream);
  else if (['map', 'street', 'rejections', 'audit'].includes(what) && document.getElementById('tab-' + what)) show(what);
}

function start() {
  setLanguage(language());
  $('#lang').value = language();
  $('#lang').addEventListener('change', e => { setLanguage(e.target.value); renderList(); refreshView(); });
  $('#token').value = token();
  $('#token-form').addEventListener('submit', e => {
    e.preventDefault();
    setToken($('#token').value.trim());
    location.reload(); // start again with the new role: no controls left from the old one
  });
  for (const b of document.querySelectorAll('.tab')) b.addEventListener('click', () => show(b.dataset.view));
  $('#street-measure').addEventListener('change', refreshView);
  $('#street-span').addEventListener('change', refreshView);
  panel = new NodePanel($('#panel'), role);
  panel.onClose = () => { map?.select(null); renderList(); };
  street = new StreetView($('#heat'), $('#heat-caption'));
  setInterval(() => { if (view === 'street' || view === 'rejections') refreshView(); }, 10_000);
  window.addEventListener('hashchange', () => follow(location.hash));
  connect();
}

start();
