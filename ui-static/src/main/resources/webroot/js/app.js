import { apply, setLanguage, language, t } from './i18n.js';
import { signIn, signOut } from './auth.js';
import { get, whenUnauthorized } from './api.js';
import { state, on } from './state.js';
import { createMap, teamsOnMap } from './map.js';
import { initIncidents } from './incidents.js';
import { initBoard } from './board.js';
import { initReplay, replayInfo } from './replay.js';
import * as live from './live.js';

async function main() {
  document.documentElement.lang = language();
  apply(document);
  whenUnauthorized(signOut);
  const { token, me } = await signIn();
  state.me = me;
  document.getElementById('user').textContent = `${me.subject} · ${me.role}`;
  state.settings = await get('/api/v1/console/settings');
  createMap(state.settings);
  await initIncidents();
  initBoard();
  initReplay(token);
  await live.start(token);

  document.getElementById('signout').addEventListener('click', signOut);
  const langButton = document.getElementById('lang');
  const showLang = () => { langButton.textContent = language() === 'zh-CN' ? 'EN' : '中文'; };
  langButton.addEventListener('click', () => { setLanguage(language() === 'zh-CN' ? 'en' : 'zh-CN'); showLang(); });
  showLang();

  const clock = document.getElementById('clock');
  setInterval(() => { clock.textContent = new Date().toLocaleTimeString(undefined, { hour12: false }); }, 1000);

  const pill = document.getElementById('connection');
  on('connection', (s) => {
    const stale = Date.now() - s.lastBeat > 30000;
    const kind = s.open && !stale ? 'online' : s.retry > 0 || stale ? 'reconnecting' : 'offline';
    pill.className = `pill ${kind}`;
    pill.textContent = t(`conn.${kind}`);
    pill.title = `${t('conn.lastBeat')}: ${s.lastBeat ? new Date(s.lastBeat).toLocaleTimeString() : '—'}`;
  });

  // for operators' scripts and the browser tests: what the console holds
  window.muster = { state, teamsOnMap, replayInfo, ready: true };
}

main().catch((e) => {
  console.error('the console could not start', e);
  document.body.insertAdjacentHTML('beforeend', `<div class="toast">${e.message}</div>`);
});
