// The console's picture: teams, incidents, assignments and alerts as the stream delivers them. Plain objects with
// enum values spelt as the REST API spells them ("EN_ROUTE"), positions as {lon, lat, timeMs, ...}.
export const state = {
  teams: new Map(),
  incidents: new Map(),
  assignments: new Map(),
  alerts: new Map(),
  selectedIncident: null,
  selectedTeams: new Set(),
  settings: null,
  me: null,
};

const listeners = new Map();

/** Listeners per topic: 'teams', 'incidents', 'assignments', 'alerts', 'selection', 'connection', 'snapshot'. */
export function on(topic, fn) {
  if (!listeners.has(topic)) listeners.set(topic, []);
  listeners.get(topic).push(fn);
}

export function emit(topic, detail) {
  (listeners.get(topic) || []).forEach((fn) => fn(detail));
}

export function select(incidentId) {
  state.selectedIncident = incidentId;
  emit('selection', incidentId);
}

/** Team position: the live one (device) or the home base when it has never been located. */
export function where(team) {
  if (team.position?.point) return { lon: team.position.point.lon, lat: team.position.point.lat, timeMs: team.position.timeMs };
  return { lon: team.home?.lon, lat: team.home?.lat, timeMs: null };
}
