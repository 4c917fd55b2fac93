import * as L from '/webjars/leaflet/1.9.4/dist/leaflet-src.esm.js';
import { state, on } from './state.js';
import { t, label, onLanguage } from './i18n.js';
import { post } from './api.js';
import { codec } from './live.js';
import { leafletMap, setLiveTeamsVisible, STATUS_COLOURS, TIER_RADIUS, focus } from './map.js';
import { escape } from './format.js';
import { toast } from './toast.js';

/**
 * Consultation replay: opens a session for the selected incident (or joins one from a shared link, #replay=<id>),
 * over its own /ws/console connection so the live picture keeps flowing. While it runs the map shows the past:
 * the teams and the incident as they were at the playhead. The controller plays, pauses, seeks and sets the speed;
 * everyone sees the same frames. Notes are pinned to the playhead and the map's centre.
 */
let token;
let socket = null;
let session = null;
let me = null;
const picture = { teams: new Map(), incidents: new Map(), assignments: new Map(), notes: [] };
let layer = null;
let frameTime = 0;
let dragging = false;
let focused = false;
const el = (id) => document.getElementById(id);

export function initReplay(accessToken) {
  token = accessToken;
  me = state.me?.subject;
  on('selection', showPick);
  onLanguage(render);
  el('replay-open').addEventListener('click', openForSelected);
  el('replay-play').addEventListener('click', () => control({ play: {} }));
  el('replay-pause').addEventListener('click', () => control({ pause: {} }));
  el('replay-speed').addEventListener('change', (e) => control({ speed: { speed: Number(e.target.value) } }));
  const seek = el('replay-seek');
  seek.addEventListener('input', () => { dragging = true; showTime(positionOfSlider()); });
  seek.addEventListener('change', () => { dragging = false; control({ seek: { timeMs: positionOfSlider() } }); });
  el('replay-note').addEventListener('click', note);
  el('replay-close').addEventListener('click', leave);
  el('replay-link').addEventListener('click', () => {
    navigator.clipboard?.writeText(shareLink()).catch(() => {});
    toast(`${t('replay.linkCopied')}: ${shareLink()}`, true);
  });
  const m = location.hash.match(/replay=([\w.:-]+)/);
  if (m) on('snapshot', function once() { if (!socket) join(m[1]); });
  showPick();
}

function showPick() {
  if (session) return;
  const inc = state.incidents.get(state.selectedIncident);
  el('replay-incident').textContent = inc ? inc.title : t('replay.pick');
  el('replay-open').disabled = !inc;
}

function shareLink() {
  return `${location.origin}${location.pathname}#replay=${session?.replayId ?? ''}`;
}

async function openForSelected() {
  const id = state.selectedIncident;
  if (!id) return;
  try {
    const s = await post('/api/v1/replays', { incidentId: id });
    join(s.id);
  } catch (e) {
    toast(e.message);
  }
}

function join(replayId) {
  if (socket) socket.close();
  const { encode, decode } = codec();
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  socket = new WebSocket(`${scheme}://${location.host}/ws/console?access_token=${encodeURIComponent(token)}`);
  socket.binaryType = 'arraybuffer';
  socket.onopen = () => socket.send(encode({ requestId: 1, replayJoin: { replayId } }));
  socket.onmessage = (e) => receive(decode(new Uint8Array(e.data)));
  socket.onclose = () => {
    if (socket && session) toast(t('replay.closed'));
    socket = null;
    end();
  };
  session = { replayId, fromMs: 0, toMs: 0, positionMs: 0, mode: 'PAUSED', speed: 60, participants: [] };
  location.hash = `replay=${replayId}`;
  setLiveTeamsVisible(false);
  layer = L.layerGroup().addTo(leafletMap());
  document.body.classList.add('replaying');
  render();
}

function control(action) {
  if (!socket || socket.readyState !== WebSocket.OPEN || !session) return;
  socket.send(codec().encode({ requestId: Date.now() % 1e9, replayControl: { replayId: session.replayId, ...action } }));
}

function receive(m) {
  switch (m.kind) {
    case 'replayState': session = m.replayState; render(); break;
    case 'replayFrame': frame(m.replayFrame); break;
    case 'error': toast(`${m.error.code}: ${m.error.message}`); break;
    default: break;
  }
}

function frame(f) {
  frameTime = f.timeMs;
  if (f.keyframe) {
    picture.teams.clear();
    picture.incidents.clear();
    picture.assignments.clear();
    picture.notes = [];
    (f.state?.teams || []).forEach((x) => picture.teams.set(x.id, x));
    (f.state?.incidents || []).forEach((x) => picture.incidents.set(x.id, x));
    (f.state?.assignments || []).forEach((x) => picture.assignments.set(x.id, x));
    const inc = f.state?.incidents?.[0];
    if (inc && !focused) { focus(inc.location.lon, inc.location.lat, 10); focused = true; }
  }
  for (const d of f.deltas || []) {
    switch (d.change) {
      case 'team': picture.teams.set(d.team.id, d.team); break;
      case 'teamMoved': {
        const team = picture.teams.get(d.teamMoved.teamId);
        if (team) team.position = d.teamMoved.position;
        break;
      }
      case 'incident': picture.incidents.set(d.incident.id, d.incident); break;
      case 'assignment': picture.assignments.set(d.assignment.id, d.assignment); break;
      case 'event':
        if (d.event.noteAdded?.text) picture.notes.push(d.event.noteAdded);
        break;
      default: break;
    }
  }
  draw();
  render();
}

function draw() {
  if (!layer) return;
  layer.clearLayers();
  for (const inc of picture.incidents.values()) {
    L.circleMarker([inc.location.lat, inc.location.lon], { radius: 12, color: '#ff5a4f', weight: 3, fillOpacity: 0.2 })
      .bindTooltip(`<b>${escape(inc.title)}</b><br>${label('IncidentStatus', inc.status)} · ${label('Severity', inc.severity)}`)
      .addTo(layer);
  }
  for (const team of picture.teams.values()) {
    const p = team.position?.point ?? team.home;
    if (!p) continue;
    const colour = STATUS_COLOURS[team.status] || '#888';
    L.circleMarker([p.lat, p.lon], { radius: TIER_RADIUS[team.tier] || 6, color: colour, fillColor: colour, fillOpacity: 0.85,
      className: 'replay-team' })
      .bindTooltip(`<b>${escape(team.name)}</b><br>${label('TeamStatus', team.status)}`).addTo(layer);
  }
  for (const n of picture.notes) {
    if (!n.location) continue;
    L.marker([n.location.lat, n.location.lon], { icon: L.divIcon({ className: '', html: `<div class="note-icon">${n.judgment ? '判' : '注'}</div>`, iconSize: [22, 22] }) })
      .bindTooltip(escape(n.text)).addTo(layer);
  }
}

function position() {
  if (!session) return 0;
  if (session.mode !== 'PLAYING') return session.positionMs;
  const now = Date.now();
  return Math.min(session.toMs, session.positionMs + (now - session.anchorWallMs) * session.speed);
}

function positionOfSlider() {
  const v = Number(el('replay-seek').value) / 1000;
  return Math.round(session.fromMs + v * (session.toMs - session.fromMs));
}

function showTime(ms) {
  el('replay-time').textContent = ms ? new Date(ms).toLocaleString(undefined, { hour12: false }) : '';
}

function render() {
  const active = !!session;
  ['replay-play', 'replay-pause', 'replay-seek', 'replay-speed', 'replay-note', 'replay-close', 'replay-link']
    .forEach((id) => el(id).classList.toggle('hidden', !active));
  el('replay-open').classList.toggle('hidden', active);
  if (!active) {
    el('replay-state').textContent = '';
    el('replay-time').textContent = '';
    showPick();
    return;
  }
  const controller = session.controller === me;
  ['replay-play', 'replay-pause', 'replay-seek', 'replay-speed'].forEach((id) => { el(id).disabled = !controller; });
  el('replay-play').classList.toggle('hidden', session.mode === 'PLAYING');
  el('replay-pause').classList.toggle('hidden', session.mode !== 'PLAYING');
  el('replay-speed').value = String(session.speed);
  const inc = picture.incidents.values().next().value;
  el('replay-incident').textContent = inc ? inc.title : session.incidentId ?? '';
  const at = frameTime || position();
  if (!dragging && session.toMs > session.fromMs) {
    el('replay-seek').value = String(Math.round(1000 * (at - session.fromMs) / (session.toMs - session.fromMs)));
  }
  if (!dragging) showTime(at);
  el('replay-state').textContent = `${t('replay.controller')}: ${session.controller || '—'} · `
    + `${t('replay.participants')}: ${(session.participants || []).length} · ${picture.notes.length} ${t('replay.notes')}`;
}

async function note() {
  const text = prompt(t('replay.noteText'));
  if (!text?.trim()) return;
  const c = leafletMap().getCenter();
  control({ note: { text: text.trim(), judgment: true, location: { lon: c.lng, lat: c.lat } } });
  toast(t('common.saved'), true);
}

function leave() {
  const s = socket;
  socket = null;
  s?.close();
  end();
}

function end() {
  session = null;
  frameTime = 0;
  focused = false;
  layer?.remove();
  layer = null;
  setLiveTeamsVisible(true);
  document.body.classList.remove('replaying');
  if (location.hash.startsWith('#replay=')) history.replaceState(null, '', location.pathname);
  render();
}

// keep the clock moving between frames while playing
setInterval(() => { if (session?.mode === 'PLAYING') render(); }, 1000);

// a participant who only watches still pings, or the server closes the connection as idle
setInterval(() => {
  if (socket?.readyState === WebSocket.OPEN) socket.send(codec().encode({ requestId: 0, ping: { clientTimeMs: Date.now() } }));
}, 20000);

export function replayInfo() {
  return { active: !!session, session, teams: picture.teams.size, notes: picture.notes.length, frameTime };
}
