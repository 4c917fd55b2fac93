import { state, on, select, emit } from './state.js';
import { t, label, values, onLanguage } from './i18n.js';
import { get, post, patch, ApiError } from './api.js';
import { escape, since, km, duration, dateTime } from './format.js';
import { focus, pickLocation } from './map.js';
import { toast } from './toast.js';

const NEXT_INCIDENT = { REPORTED: ['DISPATCHING', 'ACTIVE'], DISPATCHING: ['ACTIVE'], ACTIVE: ['CONTAINED'], CONTAINED: ['ACTIVE', 'CLOSED'] };
const NEXT_ASSIGNMENT = {
  DISPATCHED: ['EN_ROUTE', 'CANCELLED'], EN_ROUTE: ['ON_SCENE', 'RETURNING', 'CANCELLED'], ON_SCENE: ['RETURNING', 'RELEASED'], RETURNING: ['RELEASED'],
};
let capabilities = new Map();
let lastRecommendation = null;

export async function initIncidents() {
  try {
    const caps = await get('/api/v1/capabilities');
    capabilities = new Map(caps.items.map((c) => [c.code, c]));
  } catch (e) {
    console.warn('capabilities unavailable', e.message);
  }
  document.getElementById('new-incident').addEventListener('click', () => pickLocation(openReport));
  on('incidents', () => { renderList(); renderDetail(); });
  on('assignments', renderDetail);
  on('selection', (id) => {
    lastRecommendation = null;
    renderList();
    renderDetail();
    const inc = state.incidents.get(id);
    if (inc) {
      focus(inc.location.lon, inc.location.lat);
      loadRecommendations(id);
    }
  });
  onLanguage(() => { renderList(); renderDetail(); });
  renderList();
}

export function capabilityName(code) {
  const c = capabilities.get(code);
  if (!c) return code;
  return document.documentElement.lang === 'en' ? c.nameEn : c.nameZh;
}

export function capabilityUnit(code) {
  return capabilities.get(code)?.unit ?? '';
}

export function capabilityCodes() {
  return [...capabilities.keys()];
}

function renderList() {
  const list = document.getElementById('incident-list');
  const items = [...state.incidents.values()].filter((i) => i.status !== 'CLOSED')
    .sort((a, b) => (a.severity.localeCompare(b.severity)) || (b.reportedMs - a.reportedMs));
  if (!items.length) {
    list.innerHTML = `<li class="muted">${t('incident.none')}</li>`;
    return;
  }
  list.innerHTML = items.map((i) => `
    <li data-id="${escape(i.id)}" class="${state.selectedIncident === i.id ? 'selected' : ''}">
      <div class="row"><span class="name"><span class="sev sev-${i.severity}">${i.severity}</span> ${escape(i.title)}</span>
        <span class="status st-${i.status}">${label('IncidentStatus', i.status)}</span></div>
      <div class="meta">${label('IncidentType', i.type)} · ${since(new Date(i.reportedMs).toISOString())} · ${assignmentsOf(i.id).length} ${t('incident.assignments')}</div>
    </li>`).join('');
  list.querySelectorAll('li[data-id]').forEach((li) => li.addEventListener('click', () => select(li.dataset.id)));
}

function assignmentsOf(incidentId) {
  return [...state.assignments.values()].filter((a) => a.incidentId === incidentId);
}

function renderDetail() {
  const el = document.getElementById('incident-detail');
  const inc = state.incidents.get(state.selectedIncident);
  if (!inc) {
    el.classList.add('hidden');
    return;
  }
  el.classList.remove('hidden');
  const assignments = assignmentsOf(inc.id).sort((a, b) => b.dispatchedMs - a.dispatchedMs);
  el.innerHTML = `
    <h3><span class="sev sev-${inc.severity}">${inc.severity}</span> ${escape(inc.title)}</h3>
    <div class="meta">${label('IncidentType', inc.type)} · <span class="status st-${inc.status}">${label('IncidentStatus', inc.status)}</span>
      · ${dateTime(new Date(inc.reportedMs).toISOString())} · ${escape(inc.regionCode)}</div>
    ${inc.description ? `<p>${escape(inc.description)}</p>` : ''}
    <div class="actions">${(NEXT_INCIDENT[inc.status] || []).map((s) =>
      `<button class="small" data-incident-status="${s}">${t('incident.nextStatus')}: ${label('IncidentStatus', s)}</button>`).join('')}</div>

    <h4>${t('incident.requirements')}</h4>
    <table id="requirements"><tr><th>${t('incident.capability')}</th><th>${t('incident.quantity')}</th><th>${t('incident.within')}</th><th></th></tr>
      ${inc.requirements.map((r, i) => `<tr data-i="${i}"><td>${escape(capabilityName(r.capabilityCode))}</td>
        <td><input class="qty" type="number" min="0" step="any" value="${r.quantity}"> ${escape(capabilityUnit(r.capabilityCode))}</td>
        <td class="num">${r.arriveWithinS ? duration(r.arriveWithinS * 1000) : ''}</td>
        <td class="num" data-cover="${escape(r.capabilityCode)}"></td></tr>`).join('')}
    </table>
    <div class="actions">
      <button class="small" id="save-requirements">${t('incident.saveRequirements')}</button>
      ${inc.requirementsOverridden ? `<button class="small" id="reset-requirements">${t('incident.resetRequirements')}</button>` : ''}
    </div>

    <h4>${t('incident.recommendations')}</h4>
    <div id="recommendations" class="muted">…</div>

    <h4>${t('incident.assignments')}</h4>
    <table>${assignments.map((a) => {
      const team = state.teams.get(a.teamId);
      return `<tr><td>${escape(team?.name ?? a.teamId)}${a.mutualAid ? ' <span class="muted">(跨区支援)</span>' : ''}<br>
        <span class="status st-${a.status}">${label('AssignmentStatus', a.status)}</span>
        <span class="muted">${since(new Date(a.statusSinceMs).toISOString())}</span></td>
        <td>${(NEXT_ASSIGNMENT[a.status] || []).map((s) => `<button class="small" data-assignment="${escape(a.id)}" data-to="${s}">${t('assign.' + s)}</button>`).join(' ')}</td></tr>`;
    }).join('') || `<tr><td class="muted">—</td></tr>`}</table>
    <div class="actions"><button class="small" id="dispatch-selected" ${state.selectedTeams.size ? '' : 'disabled'}>
      ${t('incident.dispatchSelected')} (${state.selectedTeams.size})</button><span class="muted">${t('incident.selectTeams')}</span></div>

    <h4>${t('incident.timeline')}</h4>
    <ul id="timeline" class="list timeline-list"><li class="muted">…</li></ul>`;

  el.querySelectorAll('[data-incident-status]').forEach((b) => b.addEventListener('click', () =>
    act(patch(`/api/v1/incidents/${inc.id}`, { status: b.dataset.incidentStatus }))));
  el.querySelectorAll('[data-assignment]').forEach((b) => b.addEventListener('click', () =>
    act(patch(`/api/v1/assignments/${b.dataset.assignment}`, { status: b.dataset.to }))));
  el.querySelector('#save-requirements').addEventListener('click', () => {
    const requirements = inc.requirements.map((r, i) => ({
      capabilityCode: r.capabilityCode, arriveWithinS: r.arriveWithinS,
      quantity: Number(el.querySelector(`tr[data-i="${i}"] input`).value),
    })).filter((r) => r.quantity > 0);
    act(patch(`/api/v1/incidents/${inc.id}`, { requirements }), t('common.saved')).then(() => loadRecommendations(inc.id));
  });
  el.querySelector('#reset-requirements')?.addEventListener('click', () =>
    act(patch(`/api/v1/incidents/${inc.id}`, { requirements: null }), t('common.saved')).then(() => loadRecommendations(inc.id)));
  el.querySelector('#dispatch-selected').addEventListener('click', () => dispatch(inc.id, [...state.selectedTeams]));
  if (lastRecommendation?.incidentId === inc.id) renderRecommendations(lastRecommendation);
  loadTimeline(inc.id);
}

async function act(promise, okMessage) {
  try {
    const r = await promise;
    if (okMessage) toast(okMessage, true);
    return r;
  } catch (e) {
    toast(e instanceof ApiError ? `${e.problem?.title ?? ''}: ${e.message}` : e.message);
    throw e;
  }
}

async function dispatch(incidentId, teamIds) {
  if (!teamIds.length) return;
  await act(post(`/api/v1/incidents/${incidentId}/assignments`, { teamIds }), `${t('common.dispatched')}: ${teamIds.length}`);
  state.selectedTeams.clear();
  emit('teams', null);
  loadRecommendations(incidentId);
}

async function loadRecommendations(incidentId) {
  try {
    const r = await get(`/api/v1/incidents/${incidentId}/recommendations?limit=5`);
    r.incidentId = incidentId;
    lastRecommendation = r;
    if (state.selectedIncident === incidentId) renderRecommendations(r);
  } catch (e) {
    const el = document.getElementById('recommendations');
    if (el && state.selectedIncident === incidentId) el.textContent = `${t('incident.recommendUnavailable')} (${e.message})`;
  }
}

function renderRecommendations(r) {
  const el = document.getElementById('recommendations');
  if (!el) return;
  for (const req of r.requirements) {
    const cell = document.querySelector(`[data-cover="${req.capabilityCode}"]`);
    if (cell) {
      cell.innerHTML = req.covered ? `<span class="cover-ok">✔ ${t('incident.covered')}</span>`
        : `<span class="cover-no" title="${escape(req.detail || '')}">✘ ${label('Uncovered', req.uncoveredReason)}</span>`;
    }
  }
  const teams = r.proposal?.teams ?? [];
  el.classList.remove('muted');
  el.innerHTML = teams.length ? `<table><tr><th></th><th>${t('team.eta')}</th><th>${t('team.distance')}</th><th>${t('team.covers')}</th></tr>
    ${teams.map((p) => `<tr><td>${escape(p.teamName || p.teamId)}<br><span class="muted">${t('team.positionAge')} ${duration(p.positionAgeMs)}</span></td>
      <td class="num">${duration(p.etaSeconds * 1000)}</td><td class="num">${km(p.distanceMeters)}</td>
      <td>${p.covers.map((c) => escape(capabilityName(c))).join('、')}</td></tr>`).join('')}</table>
    <div class="actions"><button class="primary small" id="dispatch-proposed">${t('incident.dispatchProposed')} (${teams.length})</button>
    <span class="muted">${r.tookMicros} µs</span></div>` : `<p class="muted">${t('incident.noRecommendations')}</p>`;
  if (r.proposal?.uncovered?.length) {
    el.innerHTML += `<p class="cover-no">${r.proposal.uncovered.map((u) => `${escape(capabilityName(u.capabilityCode))}: ${label('Uncovered', u.reason)}`).join('<br>')}</p>`;
  }
  el.querySelector('#dispatch-proposed')?.addEventListener('click', () => dispatch(r.incidentId, teams.map((p) => p.teamId)));
}

async function loadTimeline(incidentId) {
  try {
    const r = await get(`/api/v1/incidents/${incidentId}/timeline?limit=200`);
    const ul = document.getElementById('timeline');
    if (!ul || state.selectedIncident !== incidentId) return;
    ul.innerHTML = r.items.slice().reverse().map((e) => `<li><span class="when">${new Date(e.time).toLocaleTimeString(undefined, { hour12: false })}</span>
      ${label('Event', e.type)} · ${escape(summary(e))} <span class="muted">— ${escape(e.actor.subject)}</span></li>`).join('');
  } catch (e) {
    console.warn('timeline unavailable', e.message);
  }
}

function summary(e) {
  const d = e.data || {};
  if (d.assignment) return `${state.teams.get(d.assignment.teamId)?.name ?? d.assignment.teamId} → ${label('AssignmentStatus', d.assignment.status)}`;
  if (d.incident) return `${label('IncidentStatus', d.incident.status)}${d.changed ? ' (' + d.changed.join(', ') + ')' : ''}`;
  if (d.alert) return d.alert.message;
  if (d.text) return d.text;
  return '';
}

function openReport(where) {
  const dialog = document.getElementById('incident-dialog');
  const form = document.getElementById('incident-form');
  form.type.innerHTML = values('IncidentType').map((v) => `<option value="${v}">${label('IncidentType', v)}</option>`).join('');
  form.severity.innerHTML = values('Severity').map((v) => `<option value="${v}">${label('Severity', v)}</option>`).join('');
  form.severity.value = 'III';
  form.regionCode.value = nearestRegion(where) ?? '';
  document.getElementById('incident-where').textContent = `${t('incident.where')}: ${where.lon.toFixed(5)}, ${where.lat.toFixed(5)}`;
  document.getElementById('incident-error').textContent = '';
  dialog.onclose = async () => {
    if (dialog.returnValue !== 'ok') return;
    const body = {
      type: form.type.value, severity: form.severity.value, regionCode: form.regionCode.value,
      location: { type: 'Point', coordinates: [where.lon, where.lat] },
    };
    if (form.title.value.trim()) body.title = form.title.value.trim();
    if (form.description.value.trim()) body.description = form.description.value.trim();
    try {
      const created = await post('/api/v1/incidents', body);
      form.reset();
      // the stream brings the incident within moments; select it once it is in the picture
      for (let i = 0; i < 50 && !state.incidents.has(created.id); i++) await new Promise((r) => setTimeout(r, 100));
      select(created.id);
    } catch (e) {
      document.getElementById('incident-error').textContent = e.message;
      dialog.showModal();
    }
  };
  dialog.showModal();
}

/** The region of the nearest team: a good first guess for where an incident belongs (the dispatcher can change it). */
function nearestRegion(where) {
  let best = null;
  let d = Infinity;
  for (const team of state.teams.values()) {
    const h = team.home;
    if (!h) continue;
    const x = (h.lon - where.lon) ** 2 + (h.lat - where.lat) ** 2;
    if (x < d) {
      d = x;
      best = team.regionCode;
    }
  }
  return best;
}
