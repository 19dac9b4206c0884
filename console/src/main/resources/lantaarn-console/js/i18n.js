// English and Dutch. Elements name their text with data-i18n (text) or data-i18n-label (aria-label).
const TEXT = {
  en: {
    skip: 'Skip to content', title: 'Lantaarn console', views: 'Views', map: 'Map', street: 'Street', rejections: 'Rejections',
    audit: 'Audit log', token: 'Token', use: 'Use', language: 'Language', mapLabel: 'Map of the lampposts', legend: 'Legend',
    online: 'online', stale: 'stale', fault: 'sensor fault', pending: 'rollout pending', offline: 'offline',
    nodes: 'Lampposts', close: 'Close', streams: 'Streams', rollout: 'Roll out a signed configuration',
    rolloutNote: 'Sign it offline with your operator key; upload the signed envelope (lantaarn.signed-config/1) here.',
    envelope: 'Signed configuration (JSON)', push: 'Push', measure: 'Measure', people: 'People (Wi-Fi devices)',
    noise: 'Noise (LAeq, dB)', air: 'Fine dust (PM2.5, µg/m³)', rainMeasure: 'Rain (mm)', span: 'Last',
    suppressedNote: 'hatched: suppressed (fewer than k, not published); blank: no window',
    rejectionsByReason: 'Rejected messages by reason', reason: 'Reason', count: 'Count', recent: 'Most recent', at: 'At',
    topic: 'Topic', detail: 'Detail', actor: 'Who', action: 'Action', target: 'Target',
    summary: (n, on) => `${n} lampposts, ${on} online`, state: 'State', lastSeen: 'Last seen', location: 'Location',
    config: 'Configuration', rolloutState: 'Rollout', lastAck: 'Last ack', outbox: 'Outbox', oldest: 'Oldest unconfirmed',
    uptime: 'Uptime', alarms: 'Alarms', none: 'none', health: 'Health', windows: n => `${n} windows`,
    suppressedWindows: n => `${n} suppressed (drawn as gaps, not zero)`,
    peak: (v, unit, post, time) => `Peak: ${v} ${unit} at lamppost ${post}, ${time}`, noData: 'No windows yet',
    as: (name, role) => `${name} (${role})`, needToken: 'This gateway needs a token: enter a viewer or operator token.',
    pushed: v => `Published: desired version ${v}. The node acknowledges it when applied.`, chooseFile: 'Choose the signed envelope first.',
    lamppost: 'Lamppost', time: 'Time',
  },
  nl: {
    skip: 'Naar de inhoud', title: 'Lantaarn-console', views: 'Weergaven', map: 'Kaart', street: 'Straat', rejections: 'Weigeringen',
    audit: 'Auditlog', token: 'Token', use: 'Gebruik', language: 'Taal', mapLabel: 'Kaart van de lantaarnpalen', legend: 'Legenda',
    online: 'online', stale: 'verouderd', fault: 'sensorstoring', pending: 'uitrol bezig', offline: 'offline',
    nodes: 'Lantaarnpalen', close: 'Sluiten', streams: 'Stromen', rollout: 'Een ondertekende configuratie uitrollen',
    rolloutNote: 'Onderteken offline met je operatorsleutel; upload hier de ondertekende envelop (lantaarn.signed-config/1).',
    envelope: 'Ondertekende configuratie (JSON)', push: 'Verstuur', measure: 'Meting', people: 'Mensen (wifi-apparaten)',
    noise: 'Geluid (LAeq, dB)', air: 'Fijnstof (PM2,5, µg/m³)', rainMeasure: 'Regen (mm)', span: 'Laatste',
    suppressedNote: 'gearceerd: onderdrukt (minder dan k, niet gepubliceerd); leeg: geen venster',
    rejectionsByReason: 'Geweigerde berichten per reden', reason: 'Reden', count: 'Aantal', recent: 'Meest recent', at: 'Tijd',
    topic: 'Topic', detail: 'Details', actor: 'Wie', action: 'Actie', target: 'Doel',
    summary: (n, on) => `${n} lantaarnpalen, ${on} online`, state: 'Toestand', lastSeen: 'Laatst gezien', location: 'Locatie',
    config: 'Configuratie', rolloutState: 'Uitrol', lastAck: 'Laatste bevestiging', outbox: 'Outbox', oldest: 'Oudste onbevestigd',
    uptime: 'Looptijd', alarms: 'Alarmen', none: 'geen', health: 'Gezondheid', windows: n => `${n} vensters`,
    suppressedWindows: n => `${n} onderdrukt (als gat getekend, niet als nul)`,
    peak: (v, unit, post, time) => `Piek: ${v} ${unit} bij lantaarnpaal ${post}, ${time}`, noData: 'Nog geen vensters',
    as: (name, role) => `${name} (${role})`, needToken: 'Deze gateway vraagt een token: voer een viewer- of operatortoken in.',
    pushed: v => `Gepubliceerd: gewenste versie ${v}. De node bevestigt zodra hij is toegepast.`, chooseFile: 'Kies eerst de ondertekende envelop.',
    lamppost: 'Lantaarnpaal', time: 'Tijd',
  },
};

let lang = sessionStorage.getItem('lantaarn.lang') || ((navigator.language || 'en').toLowerCase().startsWith('nl') ? 'nl' : 'en');

export function language() { return lang; }

export function setLanguage(l) {
  lang = TEXT[l] ? l : 'en';
  sessionStorage.setItem('lantaarn.lang', lang);
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll('[data-i18n]')) {
    const v = TEXT[lang][el.dataset.i18n];
    if (typeof v === 'string') el.textContent = v;
  }
  for (const el of document.querySelectorAll('[data-i18n-label]')) {
    const v = TEXT[lang][el.dataset.i18nLabel];
    if (typeof v === 'string') el.setAttribute('aria-label', v);
  }
}

/** The text for key; functions get the arguments. */
export function t(key, ...args) {
  const v = TEXT[lang][key] ?? TEXT.en[key] ?? key;
  return typeof v === 'function' ? v(...args) : v;
}

export function time(iso) {
  return iso ? new Date(iso).toLocaleTimeString(lang === 'nl' ? 'nl-NL' : 'en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' }) : '–';
}
