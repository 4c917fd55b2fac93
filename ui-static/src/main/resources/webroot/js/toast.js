let timer;

/** A short message at the bottom of the screen: errors (the server's problem detail) or confirmations. */
export function toast(message, ok = false) {
  const el = document.getElementById('toast');
  el.textContent = message;
  el.classList.toggle('ok', ok);
  el.classList.remove('hidden');
  clearTimeout(timer);
  timer = setTimeout(() => el.classList.add('hidden'), ok ? 2500 : 7000);
}
