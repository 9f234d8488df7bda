// The haproxy.cfg import page: a chosen file fills the textarea named by data-fill-textarea, so the form
// posts text either way. Without this script the file input does nothing and pasting still works.
(() => {
  'use strict';
  for (const input of document.querySelectorAll('input[type=file][data-fill-textarea]')) {
    input.addEventListener('change', async () => {
      const target = document.getElementById(input.getAttribute('data-fill-textarea'));
      const file = input.files && input.files[0];
      if (target && file) {
        target.value = await file.text();
      }
    });
  }
})();
