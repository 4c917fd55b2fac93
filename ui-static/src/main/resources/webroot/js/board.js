import { state, on, emit, where } from './state.js';
import { t, label, values, onLanguage } from './i18n.js';
import { post, ApiError } from './api.js';
import { escape, duration, regionPrefix } from './format.js';
import { capabilityName, capabilityCodes } from './incidents.js';
import { focus } from './map.js';
import { toast } from './toast.js';

const ORDER = ['AVAILABLE', 'DISPATCHED', 'EN_ROUTE', 'ON_SCENE', 'RETURNING', 'OUT_OF_SERVICE', 'UNREACHABLE'];

/** The status board: teams by status with their timers, filters, and the alerts tab with acknowledgement. */
export function initBoard() {
  const region = document.getElementById('filter-region');
  const tier = document.getElementById('filter-tier');
  const capability = document.getElementById('filter-capability');
  [region, tier, capability].forEach((el) => el.addEventListener('input', render));
  on('teams', () => { options(); render(); });
  on('assignments', render);
  on('alerts', renderAlerts);
  onLanguage(() => { options(); render(); renderAlerts(); });
  document.addEventListener('team-click', (e) => {
    const team = state.teams.get(e.detail);
    capability.value = '';
    region.value = '';
    tier.value = '';
    render();
    document.querySelector(`#team-board li[data-id="${CSS.escape(e.detail)}"]`)?.scrollIntoView({ block: 'center' });
    if (team) focusTeam(team);
  });
  setInterval(render, 15000); // timers move on
  document.querySelectorAll('.tabs button').forEach((b) => b.addEventListener('click', () => {
    document.querySelectorAll('.tabs button').forEach((x) => x.classList.toggle('active', x === b));
    document.getElementById('tab-incidents').classList.toggle('hidden', b.dataset.tab !== 'incidents');
    document.getElementById('tab-alerts').classList.toggle('hidden', b.dataset.tab !== 'alerts');
  }));
  options();
  render();
  renderAlerts();
}

function focusTeam(team) {
  const p = where(team);
  if (p.lon != null) focus(p.lon, p.lat);
}

function options() {
  const region = document.getElementById('filter-region');
  const tier = document.getElementById('filter-tier');
  const keepRegion = region.value;
  const keepTier = tier.value;
  const provinces = new Set();
  for (const team of state.teams.values()) provinces.add(team.regionCode.slice(0, 4) + '00');
  region.innerHTML = `<option value="">${t('board.allRegions')}</option>`
    + [...provinces].sort().map((c) => `<option value="${c}">${c}</option>`).join('');
  tier.innerHTML = `<option value="">${t('board.allTiers')}</option>`
    + values('TeamTier').map((v) => `<option value="${v}">${label('TeamTier', v)}</option>`).join('');
  region.value = keepRegion;
  tier.value = keepTier;
  document.getElementById('capability-options').innerHTML = capabilityCodes()
    .map((c) => `<option value="${c}">${escape(capabilityName(c))}</option>`).join('');
}

function render() {
  const regionCode = document.getElementById('filter-region').value;
  const tier = document.getElementById('filter-tier').value;
  const capability = document.getElementById('filter-capability').value.trim().toUpperCase();
  const prefix = regionCode ? regionPrefix(regionCode) : '';
  const limits = state.settings?.alerts ?? { dispatchedMinutes: 5, positionStaleMinutes: 15 };
  const now = Date.now();
  const teams = [...state.teams.values()].filter((team) => (!prefix || team.regionCode.startsWith(prefix))
    && (!tier || team.tier === tier)
    && (!capability || (team.capabilities || []).some((c) => c.code.includes(capability))));
  const counts = Object.fromEntries(ORDER.map((s) => [s, 0]));
  teams.forEach((team) => { counts[team.status] = (counts[team.status] || 0) + 1; });
  document.getElementById('status-counts').innerHTML = ORDER.filter((s) => s !== 'UNREACHABLE' || counts[s])
    .map((s) => `<div class="st-${s}" style="border-top-color:currentColor"><b>${counts[s] || 0}</b><span>${label('TeamStatus', s)}</span></div>`).join('');
  teams.sort((a, b) => (ORDER.indexOf(a.status) - ORDER.indexOf(b.status)) || a.name.localeCompare(b.name));
  const shown = teams.slice(0, 400);
  const board = document.getElementById('team-board');
  if (!shown.length) {
    board.innerHTML = `<li class="muted">${t('board.none')}</li>`;
    return;
  }
  board.innerHTML = shown.map((team) => {
    const inStatus = now - team.statusSinceMs;
    const overdue = team.status === 'DISPATCHED' && inStatus > limits.dispatchedMinutes * 60000;
    const p = where(team);
    const age = p.timeMs ? now - p.timeMs : null;
    const stale = age == null || age > limits.positionStaleMinutes * 60000;
    return `<li data-id="${escape(team.id)}" class="${stale ? 'stale' : ''}">
      <div class="row"><label class="name"><input type="checkbox" data-select="${escape(team.id)}" ${state.selectedTeams.has(team.id) ? 'checked' : ''}
        ${team.status === 'AVAILABLE' ? '' : 'disabled'}> ${escape(team.name)}</label>
        <span class="status st-${team.status}">${label('TeamStatus', team.status)}</span></div>
      <div class="meta">${label('TeamTier', team.tier)} · ${team.staffing}人 ·
        <span class="${overdue ? 'overdue' : ''}">${t('board.since')} ${duration(inStatus)}</span> · ${t('board.age')} ${duration(age)}</div>
    </li>`;
  }).join('');
  board.querySelectorAll('input[data-select]').forEach((box) => box.addEventListener('change', () => {
    if (box.checked) state.selectedTeams.add(box.dataset.select); else state.selectedTeams.delete(box.dataset.select);
    emit('assignments', null);
  }));
  board.querySelectorAll('li[data-id]').forEach((li) => li.addEventListener('click', (e) => {
    if (e.target.tagName === 'INPUT' || e.target.tagName === 'LABEL') return;
    const team = state.teams.get(li.dataset.id);
    if (team) focusTeam(team);
  }));
}

function renderAlerts() {
  const list = document.getElementById('alert-list');
  const alerts = [...state.alerts.values()].sort((a, b) => (a.resolvedMs ? 1 : 0) - (b.resolvedMs ? 1 : 0) || b.raisedMs - a.raisedMs);
  const open = alerts.filter((a) => !a.resolvedMs && !a.acknowledgedMs).length;
  const tab = document.querySelector('.tabs button[data-tab="alerts"]');
  tab.textContent = open ? `${t('tab.alerts')} (${open})` : t('tab.alerts');
  if (!alerts.length) {
    list.innerHTML = `<li class="muted">${t('alert.none')}</li>`;
    return;
  }
  list.innerHTML = alerts.map((a) => `<li class="${a.resolvedMs ? 'stale' : ''}">
    <div class="row"><span class="name ${a.resolvedMs ? '' : 'overdue'}">${label('AlertKind', a.kind)}</span>
      ${a.resolvedMs ? `<span class="muted">${t('alert.resolved')}</span>` : a.acknowledgedMs ? `<span class="muted">${t('alert.acked')} · ${escape(a.acknowledgedBy)}</span>`
        : `<button class="small" data-ack="${escape(a.id)}">${t('alert.ack')}</button>`}</div>
    <div class="meta">${escape(state.teams.get(a.teamId)?.name ?? a.teamId)} — ${escape(a.message)}</div></li>`).join('');
  list.querySelectorAll('[data-ack]').forEach((b) => b.addEventListener('click', async () => {
    try {
      await post(`/api/v1/alerts/${b.dataset.ack}/acknowledge`);
    } catch (e) {
      toast(e instanceof ApiError ? e.message : String(e));
    }
  }));
}
