// How the console names a node's state: offline, stale, sensor fault, rollout pending or online (in that order).
export const STATES = ['online', 'stale', 'fault', 'pending', 'offline'];
const FAULTS = new Set(['sensor-fault', 'sensor-absent']);

export function consoleState(n, now = Date.now()) {
  if (n.state === 'offline') return 'offline';
  const windows = (n.streams || []).map(s => s.windowSeconds || 60);
  const window = windows.length ? Math.max(...windows) : 60;
  if (n.state !== 'online' || !n.lastSeen || now - Date.parse(n.lastSeen) > Math.max(30, 3 * window) * 1000) return 'stale';
  const streams = n.health?.streams || {};
  if (Object.values(streams).some(s => FAULTS.has(s.state))) return 'fault';
  if (n.rollout?.state === 'pending') return 'pending';
  return 'online';
}
