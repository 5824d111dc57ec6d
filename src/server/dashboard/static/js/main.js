import { getJson, onSignedOut, post, setCsrfToken } from './api.js';
import { fill, h } from './dom.js';
import { renderDeployment } from './deployment.js';
import { renderExecution } from './execution.js';
import { renderExecutions } from './executions.js';
import { renderLogin } from './login.js';
import { renderOverview } from './overview.js';
import { renderStack } from './stack.js';
import { renderStacks } from './stacks.js';

const main = document.getElementById('main');
const who = document.getElementById('who');
const banner = document.getElementById('banner');
let stop = () => undefined;

function showBanner(auth) {
  if (auth !== 'off') return;
  banner.hidden = false;
  fill(
    banner,
    h('strong', {}, 'Authentication is off'),
    ' (gradual serve --auth off): anyone who can reach this port can see and change everything here.',
  );
}

function showWho(session) {
  if (!session.signedIn || session.auth === 'off') return fill(who);
  fill(
    who,
    h('span', { class: 'muted principal' }, session.principal),
    h(
      'button',
      {
        class: 'link',
        type: 'button',
        onclick: () =>
          post('/ui/api/logout').then(
            () => location.reload(),
            () => location.reload(),
          ),
      },
      'Sign out',
    ),
  );
}

function route() {
  stop();
  const path = location.pathname;
  const deployment = /^\/ui\/deployments\/(d-[A-Z0-9]{9})\/?$/.exec(path);
  const execution = /^\/ui\/executions\/([^/]+)\/?$/.exec(path);
  const stack = /^\/ui\/stacks\/([^/]+)\/?$/.exec(path);
  if (deployment) stop = renderDeployment(main, deployment[1]);
  else if (execution) stop = renderExecution(main, decodeURIComponent(execution[1]));
  else if (/^\/ui\/executions\/?$/.test(path)) stop = renderExecutions(main);
  else if (stack) stop = renderStack(main, decodeURIComponent(stack[1]));
  else if (/^\/ui\/stacks\/?$/.test(path)) stop = renderStacks(main);
  else stop = renderOverview(main);
}

async function start() {
  let session;
  try {
    session = await getJson('/ui/api/session');
  } catch (error) {
    fill(main, h('p', { class: 'error' }, `The dashboard could not reach gradual: ${error.message}`));
    return;
  }
  showBanner(session.auth);
  showWho(session);
  if (!session.signedIn) {
    renderLogin(main, (signedIn) => {
      setCsrfToken(signedIn.csrfToken);
      showWho(signedIn);
      route();
    });
    return;
  }
  setCsrfToken(session.csrfToken);
  route();
}

onSignedOut(() => {
  stop();
  stop = () => undefined;
  setCsrfToken(undefined);
  fill(who);
  renderLogin(main, () => location.reload(), 'Your session ended: sign in again.');
});

void start();
