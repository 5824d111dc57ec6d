/** The dashboard's calls to its server: JSON reads, changes carrying the CSRF token, live streams. */

let csrfToken;

export function setCsrfToken(token) {
  csrfToken = token;
}

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function errorOf(response) {
  let body = {};
  try {
    body = await response.json();
  } catch {
    // not JSON
  }
  const message = body.message ?? body.Message ?? `${response.status} ${response.statusText}`;
  return new ApiError(response.status, body.__type ?? 'Error', message);
}

/** Listeners for a lost session (401 anywhere): the page goes back to sign-in. */
const signedOutListeners = new Set();
export function onSignedOut(listener) {
  signedOutListeners.add(listener);
}
function signedOut() {
  for (const listener of signedOutListeners) listener();
}

export async function getJson(path) {
  const response = await fetch(path, { credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (response.status === 401) signedOut();
  if (!response.ok) throw await errorOf(response);
  return response.json();
}

/** A change: JSON body, the session's CSRF token in a header. */
export async function post(path, body = {}) {
  const response = await fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}),
    },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw await errorOf(response);
  return response.json();
}

const liveDot = () => document.getElementById('live');

/**
 * Follows a server-sent event stream: `handlers[event](data)` for each event. EventSource
 * reconnects by itself after a dropped connection; a refused one (signed out) ends it.
 */
export function follow(path, handlers, onClosed) {
  const source = new EventSource(path);
  const dot = liveDot();
  source.addEventListener('open', () => dot?.classList.add('on'));
  for (const [event, handler] of Object.entries(handlers)) {
    source.addEventListener(event, (e) => handler(JSON.parse(e.data)));
  }
  source.addEventListener('signed-out', () => {
    source.close();
    signedOut();
  });
  source.addEventListener('error', () => {
    dot?.classList.remove('on');
    // Closed for good (the server refused the stream): find out whether the session is gone.
    if (source.readyState === EventSource.CLOSED) {
      getJson('/ui/api/session').then(
        (s) => {
          if (!s.signedIn) signedOut();
          else onClosed?.();
        },
        () => onClosed?.(),
      );
    }
  });
  return () => {
    source.close();
    dot?.classList.remove('on');
  };
}
