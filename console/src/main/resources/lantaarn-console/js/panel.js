// One node: facts (state, health, outbox, configuration, rollout, last ack), and a chart of a stream's recent windows.
import uPlot from '/webjars/uplot/1.6.30/dist/uPlot.esm.js';
import { get, put } from './api.js';
import { consoleState } from './fleet.js';
import { t, time } from './i18n.js';

const MAIN = {
  'wifi-presence': 'devices', 'sound-level': 'LAeq', rain: 'rainfall', motion: 'events',
  climate: 'temperature.mean', particulates: 'pm2_5.mean',
};

export function mainValue(sensor, values) {
  const want = MAIN[sensor];
  if (want && want in values) return want;
  return Object.keys(values).find(k => k.endsWith('.mean')) || Object.keys(values)[0];
}

export class NodePanel {
  constructor(root, role) {
    this.root = root;
    this.role = role;
    this.node = null;
    this.stream = null;
    root.querySelector('#panel-close').addEventListener('click', () => this.close());
    root.querySelector('#rollout-form').addEventListener('submit', e => { e.preventDefault(); this.push(); });
  }

  setRole(role) {
    this.role = role;
    // Operators only: for a viewer the rollout controls are not merely hidden but left out of the page.
    const form = this.root.querySelector('#rollout-form');
    if (role !== 'operator' && form) form.remove();
    if (role === 'operator' && form) form.hidden = false;
  }

  close() {
    this.root.hidden = true;
    this.node = null;
    this.onClose?.();
  }

  async open(node, data, stream) {
    const first = this.node !== node;
    this.node = node;
    this.root.hidden = false;
    this.root.dataset.node = node;
    this.show(data);
    if (first) {
      const streams = data?.streams || [];
      this.stream = streams.some(s => s.id === stream) ? stream : (streams[0]?.id || null);
      this.buttons(streams);
      await this.chart();
      this.root.querySelector('#panel-title').focus?.();
    }
  }

  /** Called on every fleet event for the open node. */
  show(n) {
    if (!n) return;
    this.root.querySelector('#panel-title').textContent = n.node;
    const h = n.health || {};
    const r = n.rollout || {};
    const ack = r.lastAck ? `${r.lastAck.result} v${r.lastAck.version}${r.lastAck.reason ? ' (' + r.lastAck.reason + ')' : ''}` : t('none');
    const facts = [
      [t('state'), t(consoleState(n))], [t('lastSeen'), time(n.lastSeen)],
      [t('location'), n.location?.description || '–'], [t('config'), n.configVersion != null ? 'v' + n.configVersion : '–'],
      [t('rolloutState'), r.state + (r.desiredVersion != null ? ' (v' + r.desiredVersion + ')' : '')], [t('lastAck'), ack],
      [t('outbox'), h.outboxDepth ?? '–'], [t('oldest'), h.oldestUnconfirmedAgeSeconds != null ? h.oldestUnconfirmedAgeSeconds + ' s' : '–'],
      [t('uptime'), h.uptimeSeconds != null ? Math.round(h.uptimeSeconds / 60) + ' min' : '–'],
      [t('alarms'), (h.alarms || []).join(', ') || t('none')],
      [t('health'), Object.entries(h.streams || {}).map(([id, s]) => `${id}: ${s.state}`).join(', ') || '–'],
    ];
    const dl = this.root.querySelector('#panel-facts');
    dl.replaceChildren(...facts.flatMap(([k, v]) => {
      const dt = document.createElement('dt'); dt.textContent = k;
      const dd = document.createElement('dd'); dd.textContent = String(v);
      return [dt, dd];
    }));
    this.sensors = Object.fromEntries((n.streams || []).map(s => [s.id, s.sensor]));
  }

  buttons(streams) {
    const box = this.root.querySelector('#stream-buttons');
    box.replaceChildren(...streams.map(s => {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = `${s.id} (${s.sensor})`;
      b.setAttribute('aria-pressed', String(s.id === this.stream));
      b.addEventListener('click', () => {
        this.stream = s.id;
        for (const o of box.children) o.setAttribute('aria-pressed', String(o === b));
        this.chart();
      });
      return b;
    }));
  }

  async chart() {
    const box = this.root.querySelector('#chart');
    const note = this.root.querySelector('#chart-note');
    if (!this.stream) { box.replaceChildren(); note.textContent = t('noData'); return; }
    const from = new Date(Date.now() - 30 * 60_000).toISOString();
    const data = await get(`/nodes/${encodeURIComponent(this.node)}/streams/${encodeURIComponent(this.stream)}/observations?from=${from}&limit=2000`);
    const obs = data.observations.filter(o => o.values);
    const name = obs.length ? mainValue(this.sensors?.[this.stream], obs[obs.length - 1].values) : null;
    const xs = obs.map(o => Date.parse(o.end) / 1000);
    const ys = obs.map(o => (o.values[name] ?? null));
    const suppressed = ys.filter(v => v === null).length;
    const unit = obs.length ? (obs[obs.length - 1].units?.[name] || '') : '';
    box.replaceChildren();
    box.dataset.windows = String(obs.length);
    box.setAttribute('aria-label', `${this.stream} ${name || ''}: ${t('windows', obs.length)}`);
    note.textContent = obs.length ? `${name} [${unit}] — ${t('windows', obs.length)}; ${t('suppressedWindows', suppressed)}` : t('noData');
    if (!obs.length) return;
    this.plot = new uPlot({
      width: Math.max(320, box.clientWidth || 600), height: 220,
      scales: { x: { time: true } },
      series: [{}, { label: `${name} [${unit}]`, stroke: '#0072B2', width: 2, points: { show: true, size: 5, fill: '#0072B2' }, spanGaps: false }],
      axes: [{}, { label: unit }],
    }, [xs, ys], box);
  }

  async push() {
    const out = this.root.querySelector('#rollout-result');
    const file = this.root.querySelector('#envelope').files[0];
    if (!file) { out.textContent = t('chooseFile'); return; }
    try {
      const r = await put(`/nodes/${encodeURIComponent(this.node)}/config`, await file.arrayBuffer());
      out.textContent = t('pushed', r.desiredVersion);
    } catch (e) {
      out.textContent = `${e.status || ''} ${e.message}`;
    }
  }
}
