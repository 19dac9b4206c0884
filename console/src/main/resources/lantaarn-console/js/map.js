// The fleet on a map: Leaflet, with tiles only when the gateway names a tile server; otherwise the site's streets
// are drawn from its GeoJSON, so nothing is fetched from outside. Markers are SVG circles with a class per state.
import * as L from '/webjars/leaflet/1.9.4/dist/leaflet-src.esm.js';
import { consoleState } from './fleet.js';
import { t } from './i18n.js';

export class FleetMap {
  constructor(element, tileUrl, onSelect) {
    this.onSelect = onSelect;
    this.markers = new Map();
    this.drawnSites = new Set();
    this.fitted = false;
    this.map = L.map(element, { zoomControl: true, attributionControl: !!tileUrl, preferCanvas: false });
    this.map.setView([51.6888, 5.31], 16);
    if (tileUrl) {
      L.tileLayer(tileUrl, { maxZoom: 19, attribution: '© OpenStreetMap contributors' }).addTo(this.map);
    }
    this.tiles = !!tileUrl;
  }

  async drawSite(site) {
    if (this.tiles || !site || this.drawnSites.has(site)) return;
    this.drawnSites.add(site);
    const r = await fetch(encodeURIComponent(site) + '.geojson');
    if (!r.ok) return; // no streets known for this site: the markers alone
    const geo = await r.json();
    L.geoJSON(geo, {
      style: f => ({ className: f.properties?.kind === 'square' ? 'lt-square' : 'lt-street' }),
      interactive: false,
    }).addTo(this.map).bringToBack();
  }

  update(nodes) {
    const now = Date.now();
    const seen = new Set();
    for (const n of nodes) {
      if (!n.location) continue;
      seen.add(n.node);
      this.drawSite(n.site);
      const state = consoleState(n, now);
      let m = this.markers.get(n.node);
      if (!m) {
        m = L.circleMarker([n.location.lat, n.location.lon], { radius: 9, className: 'lt-marker ' + state });
        m.on('click', () => this.onSelect(n.node));
        m.addTo(this.map);
        this.markers.set(n.node, m);
      }
      m.setLatLng([n.location.lat, n.location.lon]);
      const el = m.getElement();
      if (el) {
        el.setAttribute('class', `leaflet-interactive lt-marker ${state}${this.selected === n.node ? ' selected' : ''}`);
        el.dataset.node = n.node;
        el.dataset.state = state;
      }
      m.unbindTooltip();
      m.bindTooltip(`${n.node}: ${t(state)}`);
    }
    for (const [id, m] of this.markers) {
      if (!seen.has(id)) { m.remove(); this.markers.delete(id); }
    }
    if (!this.fitted && this.markers.size) {
      this.fitted = true;
      this.map.fitBounds(L.featureGroup([...this.markers.values()]).getBounds().pad(0.15));
    }
  }

  select(node) {
    this.selected = node;
    for (const [id, m] of this.markers) m.getElement()?.classList.toggle('selected', id === node);
  }

  resize() { this.map.invalidateSize(); }
}
