// Progressive enhancement for the admin pages: every page works without this script.
// Forms and links marked data-confirm ask in a dialog and go straight on, skipping the confirmation page.
(() => {
  'use strict';
  document.addEventListener('click', (event) => {
    const trigger = event.target.closest('[data-confirm]');
    if (!trigger) {
      return;
    }
    if (!window.confirm(trigger.getAttribute('data-confirm'))) {
      event.preventDefault();
      return;
    }
    const direct = trigger.getAttribute('data-confirm-direct');
    if (direct && trigger.form) {
      trigger.form.action = direct;
    }
  });
})();

// On a narrow screen the menu starts folded (without script it starts open, so it is never out of reach).
(() => {
  const menu = document.querySelector('.nav-toggle');
  if (menu && window.matchMedia('(max-width: 48rem)').matches) {
    menu.removeAttribute('open');
  }
})();
