import { state, emit } from './state.js';

/**
 * The live stream: Protobuf over /ws/console. Subscribes to everything, applies snapshot and deltas, checks that
 * sequence numbers follow without gaps, answers heartbeats with pings, and after a broken link reconnects and
 * resumes from the last applied delta (or takes a fresh snapshot when the server says the window is gone).
 */
let root;
let ClientMessage;
let ServerMessage;
let socket;
let token;
let epoch = null;
let seq = 0;
let retry = 0;
let lastBeat = 0;
let requestId = 1;

const PREFIXES = ['TEAM_STATUS_', 'TEAM_TIER_', 'TRANSPORT_', 'INCIDENT_TYPE_', 'SEVERITY_', 'INCIDENT_STATUS_',
  'ASSIGNMENT_STATUS_', 'ALERT_KIND_', 'POSITION_SOURCE_', 'ERROR_CODE_', 'REPLAY_MODE_'];

function clean(obj) {
  if (Array.isArray(obj)) return obj.map(clean);
  if (obj && typeof obj === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(obj)) out[k] = clean(v);
    return out;
  }
  if (typeof obj === 'string') {
    for (const p of PREFIXES) if (obj.startsWith(p)) return obj.slice(p.length);
  }
  return obj;
}

const OBJ = { enums: String, longs: Number, defaults: true, arrays: true, oneofs: true };

export async function start(accessToken) {
  token = accessToken;
  root = new protobuf.Root();
  root.resolvePath = (origin, target) => `/proto/${target}`;
  await root.load(['muster/v1/console.proto'], { keepCase: false });
  ClientMessage = root.lookupType('muster.v1.ClientMessage');
  ServerMessage = root.lookupType('muster.v1.ServerMessage');
  connect();
  setInterval(() => send({ ping: { clientTimeMs: Date.now() } }), 20000);
  setInterval(() => emit('connection', status()), 1000);
}

/** The Protobuf types and the decoder that spells enums as the REST API does, once the stream has started. */
export function codec() {
  return {
    encode: (message) => ClientMessage.encode(ClientMessage.fromObject(message)).finish(),
    decode: (bytes) => clean(ServerMessage.toObject(ServerMessage.decode(bytes), OBJ)),
  };
}

export function status() {
  return { open: socket?.readyState === WebSocket.OPEN, retry, lastBeat };
}

function connect() {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  socket = new WebSocket(`${scheme}://${location.host}/ws/console?access_token=${encodeURIComponent(token)}`);
  socket.binaryType = 'arraybuffer';
  socket.onopen = () => {
    retry = 0;
    lastBeat = Date.now();
    if (epoch) send({ resume: { epoch, seq, subscribe: { everything: true } } });
    else send({ subscribe: { everything: true } });
    emit('connection', status());
  };
  socket.onmessage = (e) => receive(new Uint8Array(e.data));
  socket.onclose = () => {
    emit('connection', status());
    retry++;
    setTimeout(connect, Math.min(15000, 500 * 2 ** Math.min(retry, 5)));
  };
}

function send(message) {
  if (socket?.readyState !== WebSocket.OPEN) return;
  const m = ClientMessage.fromObject({ requestId: requestId++, ...message });
  socket.send(ClientMessage.encode(m).finish());
}

function receive(bytes) {
  const m = clean(ServerMessage.toObject(ServerMessage.decode(bytes), OBJ));
  lastBeat = Date.now();
  switch (m.kind) {
    case 'snapshot': return snapshot(m.snapshot);
    case 'deltas': return deltas(m.deltas);
    case 'heartbeat':
      if (m.heartbeat.epoch === epoch && m.heartbeat.seq !== seq) resubscribe();
      return undefined;
    case 'error': return console.warn('server:', m.error.code, m.error.message);
    default: return undefined;
  }
}

function snapshot(s) {
  epoch = s.epoch;
  seq = s.seq;
  state.teams.clear();
  state.incidents.clear();
  state.assignments.clear();
  state.alerts.clear();
  s.teams.forEach((t) => state.teams.set(t.id, t));
  s.incidents.forEach((i) => state.incidents.set(i.id, i));
  s.assignments.forEach((a) => state.assignments.set(a.id, a));
  s.alerts.forEach((a) => state.alerts.set(a.id, a));
  emit('snapshot', s);
  ['teams', 'incidents', 'assignments', 'alerts'].forEach((topic) => emit(topic, null));
}

function deltas(batch) {
  if (batch.epoch !== epoch) return resubscribe();
  const touched = new Set();
  for (const d of batch.deltas) {
    if (d.seq !== seq + 1) return resubscribe();
    seq = d.seq;
    switch (d.change) {
      case 'team': state.teams.set(d.team.id, d.team); touched.add('teams'); break;
      case 'teamRemoved': state.teams.delete(d.teamRemoved); touched.add('teams'); break;
      case 'teamMoved': {
        const t = state.teams.get(d.teamMoved.teamId);
        if (t && (!t.position || d.teamMoved.position.timeMs >= t.position.timeMs)) t.position = d.teamMoved.position;
        touched.add('teams');
        break;
      }
      case 'incident': state.incidents.set(d.incident.id, d.incident); touched.add('incidents'); break;
      case 'assignment': state.assignments.set(d.assignment.id, d.assignment); touched.add('assignments'); break;
      case 'alert': state.alerts.set(d.alert.id, d.alert); touched.add('alerts'); break;
      default: break;
    }
  }
  touched.forEach((topic) => emit(topic, null));
  return undefined;
}

/** A gap: start over with a snapshot rather than show a picture that misses something. */
function resubscribe() {
  epoch = null;
  send({ subscribe: { everything: true } });
}
