// Forms marked data-inline-result="id" (the request simulator, the rules preview) are posted without
// leaving the page: the same POST the form would make, whose answer (the same page, rendered by the
// server) supplies the new content of the element with that id. Without this script the form posts
// normally and the page reloads with the result.
(() => {
  'use strict';

  const submitInline = async (form, submitter) => {
    const targetId = form.getAttribute('data-inline-result');
    const target = document.getElementById(targetId);
    if (!target) {
      return false;
    }

    const data = new FormData(form);
    if (submitter && submitter.name) {
      data.append(submitter.name, submitter.value);
    }

    target.setAttribute('aria-busy', 'true');
    try {
      const response = await fetch(form.action, { method: 'POST', body: data, credentials: 'same-origin' });
      const page = new DOMParser().parseFromString(await response.text(), 'text/html');
      const fresh = page.getElementById(targetId);
      if (!fresh) {
        return false;
      }
      target.replaceWith(fresh);
      // Field errors from the server (beside the inputs) come along too.
      for (const message of form.querySelectorAll('[data-field-error]')) {
        const replacement = page.querySelector(`[data-field-error="${message.getAttribute('data-field-error')}"]`);
        message.textContent = replacement ? replacement.textContent : '';
      }
      fresh.focus({ preventScroll: false });
      return true;
    } catch {
      return false;
    } finally {
      target.removeAttribute('aria-busy');
    }
  };

  document.addEventListener('submit', async (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-inline-result') || form.hasAttribute('data-inline-failed')) {
      return;
    }
    // Only the buttons that ask for it (e.g. "Preview", not "Save") stay on the page.
    const submitter = event.submitter;
    if (submitter && submitter.hasAttribute('data-inline-skip')) {
      return;
    }
    event.preventDefault();
    if (!(await submitInline(form, submitter))) {
      // Post the ordinary way instead, once.
      form.setAttribute('data-inline-failed', '');
      form.requestSubmit(submitter || undefined);
    }
  });
})();
