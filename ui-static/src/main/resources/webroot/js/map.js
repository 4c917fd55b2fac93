import * as L from '/webjars/leaflet/1.9.4/dist/leaflet-src.esm.js';
import { state, on, select, where } from './state.js';
import { t, label, onLanguage } from './i18n.js';
import { decode } from './basemap.js';
import { duration, escape } from './format.js';

const STATUS_COLOURS = {
  AVAILABLE: '#3fb97d', DISPATCHED: '#f0a637', EN_ROUTE: '#4c9be8', ON_SCENE: '#e0533d',
  RETURNING: '#a57be8', OUT_OF_SERVICE: '#6b7886', UNREACHABLE: '#c7cdd3',
};
const SEVERITY_COLOURS = { I: '#e0383d', II: '#f07a2d', III: '#e8c43a', IV: '#4c9be8' };
const SCENARIO_GLYPHS = {
  EARTHQUAKE_GEOLOGICAL: '震', FLOOD: '洪', URBAN_WATERLOGGING: '涝', ICE_SNOW: '冰', FOREST_GRASSLAND_FIRE: '林',
  URBAN_SPECIAL_FIRE: '火', HAZARDOUS_CHEMICAL: '危', MINE_ACCIDENT: '矿', LIFE_RESCUE: '救', HOUSEHOLD: '家', OTHER: '其',
};
/** National tiers are drawn larger than local ones. */
const TIER_RADIUS = {
  NATIONAL_REGIONAL_CENTRE: 9, NATIONAL_PROFESSIONAL: 8, NATIONAL_FIRE_RESCUE: 7, LOCAL_PROFESSIONAL: 6, SOCIAL: 5, GRASSROOTS: 5,
};

let map;
const teamMarkers = new Map();
const incidentLayers = new Map();
let pickHandler = null;
let liveHidden = false;

export function createMap(settings) {
  map = L.map('map', { zoomControl: true, attributionControl: true, worldCopyJump: true })
    .setView([settings.view.lat, settings.view.lon], settings.view.zoom);
  if (settings.tiles) {
    L.tileLayer(settings.tiles.url, { attribution: settings.tiles.attribution, maxZoom: 18 }).addTo(map);
  }
  fetch(settings.baseMap).then((r) => r.json()).then((json) => {
    L.geoJSON(decode(json), {
      style: { color: '#3a4b5c', weight: 1, fillColor: '#16212b', fillOpacity: settings.tiles ? 0 : 0.9 },
      interactive: false,
    }).addTo(map).bringToBack();
  }).catch((e) => console.warn('base map unavailable', e.message));

  map.on('click', (e) => {
    if (pickHandler) {
      const h = pickHandler;
      stopPicking();
      h({ lon: e.latlng.lng, lat: e.latlng.lat });
    }
  });
  document.addEventListener('keydown', (e) => { if (e.key === 'Escape') stopPicking(); });
  legend();
  onLanguage(legend);
  on('teams', drawTeams);
  on('incidents', drawIncidents);
  on('selection', drawIncidents);
  setInterval(drawTeams, 30000); // positions age while nothing happens
  return map;
}

/** The next click on the map gives a location (for reporting an incident). */
export function pickLocation(handler) {
  pickHandler = handler;
  document.getElementById('map-hint').classList.remove('hidden');
  map.getContainer().style.cursor = 'crosshair';
}

function stopPicking() {
  pickHandler = null;
  document.getElementById('map-hint').classList.add('hidden');
  map.getContainer().style.cursor = '';
}

export function focus(lon, lat, zoom) {
  map.setView([lat, lon], zoom ?? Math.max(map.getZoom(), 9));
}

/** Opacity by position age: fresh fixes are solid, stale ones fade (they count less in matching too). */
function opacityFor(ageMs) {
  if (ageMs == null) return 0.35;
  if (ageMs < 5 * 60000) return 1;
  if (ageMs < 30 * 60000) return 0.7;
  if (ageMs < 3 * 3600000) return 0.45;
  return 0.3;
}

function drawTeams() {
  if (liveHidden) return;
  const now = Date.now();
  const seen = new Set();
  for (const team of state.teams.values()) {
    seen.add(team.id);
    const p = where(team);
    if (p.lon == null) continue;
    const age = p.timeMs ? now - p.timeMs : null;
    const colour = STATUS_COLOURS[team.status] || '#888';
    const style = {
      radius: TIER_RADIUS[team.tier] || 5, color: colour, fillColor: colour, weight: team.status === 'UNREACHABLE' ? 2 : 1,
      dashArray: team.status === 'UNREACHABLE' || (age ?? Infinity) > 30 * 60000 ? '3 3' : null,
      fillOpacity: opacityFor(age) * 0.85, opacity: opacityFor(age),
    };
    let m = teamMarkers.get(team.id);
    if (!m) {
      m = L.circleMarker([p.lat, p.lon], style).addTo(map);
      m.getElement()?.classList.add('team-marker');
      m.on('click', () => document.dispatchEvent(new CustomEvent('team-click', { detail: team.id })));
      teamMarkers.set(team.id, m);
    } else {
      m.setLatLng([p.lat, p.lon]);
      m.setStyle(style);
    }
    m.bindTooltip(`<b>${escape(team.name)}</b><br>${label('TeamStatus', team.status)} · ${label('TeamTier', team.tier)}`
      + `<br>${t('team.positionAge')}: ${duration(age)}`, { direction: 'top' });
  }
  for (const [id, m] of teamMarkers) {
    if (!seen.has(id)) {
      m.remove();
      teamMarkers.delete(id);
    }
  }
}

function ring(poly) {
  return [poly.shell.points.map((p) => [p.lat, p.lon]), ...(poly.holes || []).map((h) => h.points.map((p) => [p.lat, p.lon]))];
}

function drawIncidents() {
  for (const layers of incidentLayers.values()) layers.forEach((l) => l.remove());
  incidentLayers.clear();
  for (const inc of state.incidents.values()) {
    if (inc.status === 'CLOSED') continue;
    const layers = [];
    const selected = state.selectedIncident === inc.id;
    const icon = L.divIcon({
      className: '',
      html: `<div class="incident-icon" style="background:${SEVERITY_COLOURS[inc.severity]};${selected ? 'outline:3px solid #fff;' : ''}">`
        + `${SCENARIO_GLYPHS[inc.type] || '!'}</div>`,
      iconSize: [30, 30], iconAnchor: [15, 15],
    });
    const marker = L.marker([inc.location.lat, inc.location.lon], { icon, zIndexOffset: 1000 }).addTo(map);
    marker.bindTooltip(`<b>${escape(inc.title)}</b><br>${label('IncidentType', inc.type)} · ${label('Severity', inc.severity)}`);
    marker.on('click', () => select(inc.id));
    layers.push(marker);
    if (inc.area?.shell?.points?.length) {
      layers.push(L.polygon(ring(inc.area), { color: SEVERITY_COLOURS[inc.severity], weight: 1, dashArray: '6 4', fillOpacity: 0.08 }).addTo(map));
    }
    for (const b of inc.blockedAreas || []) {
      layers.push(L.polygon(ring(b.area), { color: '#e0383d', weight: 2, fillColor: '#e0383d', fillOpacity: 0.25 })
        .bindTooltip(`${t('incident.blocked')}: ${escape(b.reason || b.id)}`).addTo(map));
    }
    incidentLayers.set(inc.id, layers);
  }
}

function legend() {
  const el = document.getElementById('legend');
  el.innerHTML = `<b>${t('legend.title')}</b>` + Object.entries(STATUS_COLOURS)
    .map(([s, c]) => `<i style="background:${c}"></i>${label('TeamStatus', s)}`).join('');
}

/** The Leaflet map, for layers of other views (the replay). */
export function leafletMap() {
  return map;
}

/** Hides the live teams while a replay shows the past, and shows them again after. */
export function setLiveTeamsVisible(visible) {
  liveHidden = !visible;
  for (const m of teamMarkers.values()) {
    if (visible) m.addTo(map); else m.remove();
  }
  if (visible) drawTeams();
}

export { STATUS_COLOURS, TIER_RADIUS };

export function teamsOnMap() {
  return teamMarkers.size;
}
