import { post, get, setToken, ApiError } from './api.js';
import { t } from './i18n.js';

const KEY = 'muster.token';

/**
 * Signs the console in: a one-time code in the address (#login=...) from the server's first-start link or an admin's
 * link is exchanged for a token; otherwise the token kept for this browser session is used; otherwise the dialog asks
 * for a link, a code or a token.
 */
export async function signIn() {
  const match = location.hash.match(/login=([A-Za-z0-9_-]+)/);
  if (match) {
    history.replaceState(null, '', location.pathname);
    try {
      const issued = await post('/api/v1/auth/exchange', { code: match[1] });
      sessionStorage.setItem(KEY, issued.token);
    } catch (e) {
      console.warn('the sign-in link did not work', e.message);
    }
  }
  let token = sessionStorage.getItem(KEY);
  while (true) {
    if (token) {
      setToken(token);
      try {
        return { token, me: await get('/api/v1/auth/me') };
      } catch (e) {
        if (!(e instanceof ApiError) || e.status !== 401) throw e;
        sessionStorage.removeItem(KEY);
      }
    }
    token = await ask();
  }
}

export function signOut() {
  sessionStorage.removeItem(KEY);
  location.reload();
}

function ask() {
  const dialog = document.getElementById('signin');
  const input = document.getElementById('signin-input');
  const error = document.getElementById('signin-error');
  return new Promise((resolve) => {
    dialog.onclose = async () => {
      const value = input.value.trim();
      const code = value.match(/login=([A-Za-z0-9_-]+)/)?.[1] ?? (value.split('.').length === 3 ? null : value);
      try {
        let token = value;
        if (code) {
          token = (await post('/api/v1/auth/exchange', { code })).token;
        }
        sessionStorage.setItem(KEY, token);
        resolve(token);
      } catch (e) {
        error.textContent = `${t('auth.failed')}: ${e.message}`;
        dialog.showModal();
      }
    };
    dialog.showModal();
  });
}
