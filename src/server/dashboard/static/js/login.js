import { ApiError, post } from './api.js';
import { fill, h } from './dom.js';

/** The sign-in form: the same access key id and secret the AWS CLI uses against this server. */
export function renderLogin(main, onSignedIn, notice) {
  const error = h('p', { class: 'error', role: 'alert', hidden: true });
  const keyId = h('input', {
    id: 'access-key-id',
    name: 'accessKeyId',
    autocomplete: 'username',
    spellcheck: 'false',
    required: true,
  });
  const secret = h('input', {
    id: 'secret-access-key',
    name: 'secretAccessKey',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = h(
    'form',
    {
      class: 'card login',
      onsubmit: async (event) => {
        event.preventDefault();
        submit.disabled = true;
        error.hidden = true;
        try {
          const session = await post('/ui/api/login', {
            accessKeyId: keyId.value.trim(),
            secretAccessKey: secret.value,
          });
          onSignedIn(session);
        } catch (e) {
          error.hidden = false;
          error.textContent = e instanceof ApiError ? e.message : `Sign-in failed: ${e.message}`;
          submit.disabled = false;
        }
      },
    },
    h('h1', {}, 'Sign in to gradual'),
    notice ? h('p', { class: 'notice' }, notice) : null,
    h(
      'p',
      { class: 'muted' },
      'Use the API credentials this server printed at start (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY).',
    ),
    h('label', { for: 'access-key-id' }, 'Access key id'),
    keyId,
    h('label', { for: 'secret-access-key' }, 'Secret access key'),
    secret,
    error,
    submit,
  );
  fill(main, form);
  keyId.focus();
}
