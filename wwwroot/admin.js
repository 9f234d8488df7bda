// Progressive enhancement for the admin pages: every page works without this script.
(() => {
  'use strict';

  // Things only needed without script (.no-script) are hidden once it runs.
  document.documentElement.classList.add('js');

  // A button or link with data-confirm asks in a dialog. With data-confirm-field, a yes also sets that
  // hidden input to "true", so the server skips its own confirmation step (which works without script).
  document.addEventListener('click', (event) => {
    const trigger = event.target.closest('[data-confirm]');
    if (!trigger) {
      return;
    }
    if (!window.confirm(trigger.getAttribute('data-confirm'))) {
      event.preventDefault();
      return;
    }
    const field = trigger.getAttribute('data-confirm-field');
    const input = field && trigger.form ? trigger.form.querySelector(`input[name="${field}"]`) : null;
    if (input) {
      input.value = 'true';
    }
  });

  // A select with data-autosubmit submits its form when a choice is made (the scope picker opens the scope at once);
  // without script its form's own button does it.
  document.addEventListener('change', (event) => {
    const select = event.target.closest('select[data-autosubmit]');
    if (select && select.form) {
      select.form.requestSubmit();
    }
  });

  // On a narrow screen the menu starts folded (without script it starts open, so it is never out of reach).
  const menu = document.querySelector('.nav-toggle');
  if (menu && window.matchMedia('(max-width: 48rem)').matches) {
    menu.removeAttribute('open');
  }
})();
