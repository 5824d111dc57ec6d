import { ApiError, post } from './api.js';
import { fill, h } from './dom.js';

const ACTIONS = {
  continue: {
    label: 'Continue',
    confirm: "End the current step's hold now and shift to the next step",
    path: (id) => `/ui/api/deployments/${id}/continue`,
    body: {},
    style: 'primary',
  },
  stop: {
    label: 'Stop',
    confirm: 'Stop the deployment and leave the alias as it is now',
    path: (id) => `/ui/api/deployments/${id}/stop`,
    body: { rollback: false },
    style: '',
  },
  'stop-rollback': {
    label: 'Stop and roll back',
    confirm: 'Stop the deployment and send all traffic back to the original version',
    path: (id) => `/ui/api/deployments/${id}/stop`,
    body: { rollback: true },
    style: 'danger',
  },
};

/**
 * The deployment's buttons, each asking for confirmation first. Returns the function that redraws
 * them for a new state of the page; what is being confirmed survives redraws.
 */
export function actionsBar(container, id) {
  const ui = { confirming: undefined, busy: false, message: undefined };
  let page;
  function renderActions() {
    const available = [
      page.actions.continue ? 'continue' : null,
      page.actions.stop ? 'stop' : null,
      page.actions.stop ? 'stop-rollback' : null,
    ].filter(Boolean);
    if (ui.confirming && !available.includes(ui.confirming)) ui.confirming = undefined;
    const message = ui.message
      ? h('p', { class: ui.message.kind === 'ok' ? 'notice' : 'error', role: 'status' }, ui.message.text)
      : null;
    if (ui.confirming) {
      const action = ACTIONS[ui.confirming];
      return fill(
        container,
        h('span', { class: 'confirm-text' }, `${action.confirm}?`),
        h(
          'button',
          {
            type: 'button',
            class: action.style || 'primary',
            dataset: { action: `confirm-${ui.confirming}` },
            disabled: ui.busy,
            onclick: async () => {
              ui.busy = true;
              renderActions();
              try {
                const result = await post(action.path(id), action.body);
                ui.message = { kind: 'ok', text: result.statusMessage ?? `${action.label}: done.` };
              } catch (e) {
                ui.message = { kind: 'error', text: e instanceof ApiError ? e.message : String(e) };
              }
              ui.busy = false;
              ui.confirming = undefined;
              renderActions();
            },
          },
          `Yes, ${action.label.toLowerCase()}`,
        ),
        h(
          'button',
          {
            type: 'button',
            onclick: () => {
              ui.confirming = undefined;
              renderActions();
            },
          },
          'Cancel',
        ),
        message,
      );
    }
    fill(
      container,
      available.map((name) =>
        h(
          'button',
          {
            type: 'button',
            class: ACTIONS[name].style,
            dataset: { action: name },
            title: ACTIONS[name].confirm,
            onclick: () => {
              ui.confirming = name;
              ui.message = undefined;
              renderActions();
            },
          },
          ACTIONS[name].label,
        ),
      ),
      message,
    );
  }
  return (next) => {
    page = next;
    renderActions();
  };
}
