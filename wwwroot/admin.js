// Progressive enhancement for the admin pages: every page works without this script.
(() => {
  'use strict';

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

  // On a narrow screen the menu starts folded (without script it starts open, so it is never out of reach).
  const menu = document.querySelector('.nav-toggle');
  if (menu && window.matchMedia('(max-width: 48rem)').matches) {
    menu.removeAttribute('open');
  }

  // The overview's counters: poll overview/stats every two seconds, update the totals, and compute the
  // rates from the last two readings. Stops quietly when the session ends or the server goes away.
  const overview = document.querySelector('[data-overview-stats]');
  if (overview) {
    const url = overview.getAttribute('data-overview-stats');
    const cells = new Map([...document.querySelectorAll('[data-stat]')].map((cell) => [cell.getAttribute('data-stat'), cell]));
    const format = new Intl.NumberFormat('en-US');
    const rate = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
    let previous = null;
    let failures = 0;
    const set = (key, text) => {
      const cell = cells.get(key);
      if (cell && cell.textContent !== text) {
        cell.textContent = text;
      }
    };
    const show = (kind, rows, before) => {
      for (const row of rows) {
        set(`${kind}:${row.id}:requests`, format.format(row.requests));
        set(`${kind}:${row.id}:serverErrors`, format.format(row.serverErrors));
        const old = before && before.rows.get(`${kind}:${row.id}`);
        if (old) {
          const seconds = Math.max(0.001, (before.now - before.then) / 1000);
          set(`${kind}:${row.id}:requestRate`, rate.format(Math.max(0, row.requests - old.requests) / seconds));
          set(`${kind}:${row.id}:serverErrorRate`, rate.format(Math.max(0, row.serverErrors - old.serverErrors) / seconds));
        }
      }
    };
    const poll = async () => {
      try {
        const response = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' }, redirect: 'manual' });
        if (!response.ok || !(response.headers.get('content-type') || '').includes('json')) {
          return;
        }
        const stats = await response.json();
        failures = 0;
        const before = previous && { rows: previous.rows, then: previous.at, now: stats.atUnixMs };
        show('route', stats.routes, before);
        show('cluster', stats.clusters, before);
        const version = cells.get('version');
        if (version && version.textContent !== stats.version) {
          document.querySelector('[data-stat-changed]')?.removeAttribute('hidden');
        }
        const rows = new Map();
        stats.routes.forEach((r) => rows.set(`route:${r.id}`, r));
        stats.clusters.forEach((c) => rows.set(`cluster:${c.id}`, c));
        previous = { rows, at: stats.atUnixMs };
      } catch {
        failures += 1;
      }
      if (failures < 5) {
        window.setTimeout(poll, 2000);
      }
    };
    poll();
  }
})();
