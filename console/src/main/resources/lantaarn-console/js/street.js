// The street: a lamppost × time heat map of people (Wi-Fi devices), noise, fine dust or rain. Suppressed windows are
// hatched, never drawn as zero; windows that do not exist are left blank.
import { get } from './api.js';
import { t } from './i18n.js';

const MEASURES = {
  people: { sensor: 'wifi-presence', value: 'devices', unit: 'devices' },
  noise: { sensor: 'sound-level', value: 'LAeq', unit: 'dB' },
  air: { sensor: 'particulates', value: 'pm2_5.mean', unit: 'µg/m³' },
  rain: { sensor: 'rain', value: 'rainfall', unit: 'mm' },
};
// viridis, 9 steps: ordered in lightness, readable with every common colour-vision deficiency
const VIRIDIS = ['#440154', '#472d7b', '#3b528b', '#2c728e', '#21918c', '#28ae80', '#5ec962', '#addc30', '#fde725'];

export class StreetView {
  constructor(canvas, caption) {
    this.canvas = canvas;
    this.caption = caption;
  }

  async draw(nodes, measure, minutes) {
    const m = MEASURES[measure];
    const rows = nodes.filter(n => (n.streams || []).some(s => s.sensor === m.sensor)).sort((a, b) => a.node.localeCompare(b.node));
    const from = new Date(Date.now() - minutes * 60_000).toISOString();
    const series = await Promise.all(rows.map(async n => {
      const stream = n.streams.find(s => s.sensor === m.sensor).id;
      const d = await get(`/nodes/${encodeURIComponent(n.node)}/streams/${encodeURIComponent(stream)}/observations?from=${from}&limit=5000`);
      const byStart = new Map();
      for (const o of d.observations) {
        if (!o.values || !(m.value in o.values)) continue;
        byStart.set(Date.parse(o.start), o.values[m.value]);
      }
      return byStart;
    }));
    const starts = [...new Set(series.flatMap(s => [...s.keys()]))].sort((a, b) => a - b).slice(-240);
    this.render(rows, series, starts, m);
  }

  render(rows, series, starts, m) {
    const c = this.canvas;
    const g = c.getContext('2d');
    const left = 130, bottom = 40, top = 10, right = 70;
    const w = c.width - left - right, h = c.height - top - bottom;
    g.clearRect(0, 0, c.width, c.height);
    g.fillStyle = '#fff';
    g.fillRect(0, 0, c.width, c.height);
    if (!rows.length || !starts.length) {
      this.caption.textContent = t('noData');
      this.caption.dataset.peakValue = '';
      return;
    }
    const values = series.flatMap(s => starts.map(x => s.get(x))).filter(v => typeof v === 'number');
    const max = Math.max(1e-9, ...values);
    const min = m.unit === 'dB' ? Math.min(...values) : 0;
    const cw = w / starts.length, ch = h / rows.length;
    const hatch = this.hatch(g);
    let peak = null;
    rows.forEach((n, r) => {
      starts.forEach((x, i) => {
        if (!series[r].has(x)) return; // no window: blank
        const v = series[r].get(x);
        if (v === null) {
          g.fillStyle = hatch; // suppressed: fewer than k, not published
        } else {
          const f = (v - min) / Math.max(1e-9, max - min);
          g.fillStyle = VIRIDIS[Math.min(8, Math.max(0, Math.floor(f * 9)))];
          if (!peak || v > peak.v) peak = { v, r, x };
        }
        g.fillRect(left + i * cw, top + r * ch, Math.ceil(cw), Math.ceil(ch) - 1);
      });
    });
    g.fillStyle = '#1b1b1b';
    g.font = '12px system-ui, sans-serif';
    g.textBaseline = 'middle';
    rows.forEach((n, r) => g.fillText(n.node, 4, top + r * ch + ch / 2));
    g.textBaseline = 'top';
    const fmt = x => new Date(x).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: starts.length < 60 ? '2-digit' : undefined });
    for (let i = 0; i < starts.length; i += Math.max(1, Math.floor(starts.length / 6))) {
      g.fillText(fmt(starts[i]), left + i * cw, top + h + 6);
    }
    // scale
    VIRIDIS.forEach((col, i) => { g.fillStyle = col; g.fillRect(c.width - right + 14, top + h - (i + 1) * (h / 9), 14, h / 9); });
    g.fillStyle = '#1b1b1b';
    g.fillText(String(Math.round(max)), c.width - right + 32, top);
    g.fillText(String(Math.round(min)), c.width - right + 32, top + h - 12);
    if (peak) {
      const post = Number((rows[peak.r].node.match(/(\d+)$/) || [])[1] || peak.r + 1);
      this.caption.textContent = t('peak', Math.round(peak.v * 10) / 10, m.unit, post, fmt(peak.x));
      this.caption.dataset.peakValue = String(peak.v);
      this.caption.dataset.peakPost = String(post);
      this.caption.dataset.peakTime = new Date(peak.x).toISOString();
      const sorted = [...values].sort((a, b) => a - b);
      this.caption.dataset.median = String(sorted[Math.floor(sorted.length / 2)]);
      this.canvas.setAttribute('aria-label', this.caption.textContent);
    }
  }

  hatch(g) {
    const p = document.createElement('canvas');
    p.width = p.height = 6;
    const q = p.getContext('2d');
    q.fillStyle = '#fff'; q.fillRect(0, 0, 6, 6);
    q.strokeStyle = '#999'; q.lineWidth = 1.5;
    q.beginPath(); q.moveTo(0, 6); q.lineTo(6, 0); q.stroke();
    return g.createPattern(p, 'repeat');
  }
}
