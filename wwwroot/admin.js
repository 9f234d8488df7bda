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

  // The overview, live: poll overview/stats every two seconds and update in place the revision in force, the
  // listeners' states, the request counters (with rates from the last two readings), the servers' states and
  // health, and the TCP counters. Anything else the page draws (which routes, clusters, servers and listeners there
  // are, and their addresses) is summed up in a layout digest: when that changes, a notice offers a reload.
  // Stops quietly when the session ends or the server goes away.
  const overview = document.querySelector('[data-overview-stats]');
  if (overview) {
    const url = overview.getAttribute('data-overview-stats');
    const layout = overview.getAttribute('data-overview-layout');
    const changed = document.querySelector('[data-stat-changed]');
    const cells = new Map([...document.querySelectorAll('[data-stat]')].map((cell) => [cell.getAttribute('data-stat'), cell]));
    const format = new Intl.NumberFormat('en-US');
    const rate = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
    let previous = null;
    let failures = 0;
    const set = (key, text, className, title) => {
      const cell = cells.get(key);
      if (!cell) {
        return;
      }
      if (cell.textContent !== text) {
        cell.textContent = text;
      }
      if (className !== undefined && cell.className !== className) {
        cell.className = className;
      }
      if (title !== undefined) {
        if (title === null) {
          cell.removeAttribute('title');
        } else {
          cell.setAttribute('title', title);
        }
      }
    };
    const showTraffic = (kind, rows, before) => {
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
    // The same words and classes as the page's ServerStateLabel and ServerHealthLabel.
    const showServers = (rows) => {
      for (const s of rows) {
        set(`server:${s.id}:state`, s.state, `state-${s.state}`);
        set(`server:${s.id}:health`, s.health.replace('-', ' '), `health-${s.health}`, s.lastFailure ? `Last failed check: ${s.lastFailure}` : null);
        set(`server:${s.id}:detail`, `· weight ${s.weight}${s.backup ? ' · backup' : ''}${s.takesNewTraffic ? '' : ' · no new traffic'}`);
      }
    };
    const showListeners = (rows) => {
      for (const l of rows) {
        set(`listener:${l.id}:state`, l.error ? `${l.state}: ${l.error}` : l.state, `listener-${l.state}`);
      }
    };
    const showTcp = (kind, rows) => {
      for (const row of rows) {
        for (const counter of ['connections', 'open', 'bytesIn', 'bytesOut', 'failures']) {
          set(`${kind}:${row.id}:${counter}`, format.format(row[counter]));
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
        set('version', stats.version);
        set('latest', String(stats.latestRevision));
        changed?.toggleAttribute('hidden', stats.layout === layout);
        const before = previous && { rows: previous.rows, then: previous.at, now: stats.atUnixMs };
        showListeners(stats.listeners);
        showTraffic('route', stats.routes, before);
        showTraffic('cluster', stats.clusters, before);
        showServers(stats.servers);
        showTcp('tcp-listener', stats.tcp.listeners);
        showTcp('tcp-server', stats.tcp.servers);
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
