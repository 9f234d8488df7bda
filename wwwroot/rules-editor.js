// The rules editor, made live: line numbers follow the text, and the text is checked as it is typed
// (a debounced POST to the page's check endpoint, the compiler the store uses), with each problem
// marked at its line and column. Without this script the page still shows line numbers and the
// server's problems after Save.
(() => {
  'use strict';

  const DELAY_MS = 350;

  const escapeHtml = (text) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));

  // The text with every problem's span wrapped in <mark>, line by line, for the layer behind the textarea.
  const markedHtml = (text, problems) => {
    const lines = text.split('\n');
    return lines.map((line, index) => {
      const spans = problems
        .filter((p) => p.line === index + 1 && p.column > 0)
        .map((p) => ({ start: Math.min(p.column - 1, line.length), end: Math.min(p.column - 1 + Math.max(p.length, 1), line.length + 1) }))
        .sort((a, b) => a.start - b.start);
      let html = '';
      let at = 0;
      for (const span of spans) {
        if (span.start < at) {
          continue;
        }
        html += escapeHtml(line.slice(at, span.start));
        // A problem after the last character (something missing) marks one blank cell.
        const marked = line.slice(span.start, span.end) || ' ';
        html += '<mark>' + escapeHtml(marked) + '</mark>';
        at = span.end;
      }
      return html + escapeHtml(line.slice(at));
    }).join('\n') + '\n';
  };

  const setUp = (editor) => {
    const textarea = editor.querySelector('textarea');
    const gutter = editor.querySelector('[data-rules-gutter]');
    const backdrop = editor.querySelector('[data-rules-backdrop]');
    const list = editor.querySelector('[data-rules-problems]');
    const status = editor.querySelector('[data-rules-status]');
    const url = editor.getAttribute('data-check-url');
    if (!textarea || !gutter || !backdrop || !list || !status || !url) {
      return;
    }

    let problems = JSON.parse(editor.getAttribute('data-problems') || '[]');
    let timer = 0;
    let inFlight = null;

    const renderGutter = () => {
      const count = textarea.value.split('\n').length;
      // The text area grows with the text, so the gutter beside it never needs to scroll.
      textarea.rows = Math.max(12, count + 2);
      const failing = new Set(problems.map((p) => p.line));
      let html = '';
      for (let n = 1; n <= count; n++) {
        html += failing.has(n) ? `<span class="has-problem">${n}</span>\n` : `${n}\n`;
      }
      gutter.innerHTML = html;
    };

    const syncScroll = () => {
      gutter.scrollTop = textarea.scrollTop;
      backdrop.scrollTop = textarea.scrollTop;
      backdrop.scrollLeft = textarea.scrollLeft;
    };

    const goTo = (line, column) => {
      const lines = textarea.value.split('\n');
      let offset = 0;
      for (let n = 0; n < Math.min(line - 1, lines.length); n++) {
        offset += lines[n].length + 1;
      }
      offset += Math.max(column - 1, 0);
      textarea.focus();
      textarea.setSelectionRange(offset, offset);
    };

    const renderProblems = (result) => {
      problems = result.problems;
      backdrop.innerHTML = markedHtml(textarea.value, problems);
      renderGutter();
      list.innerHTML = '';
      for (const p of problems) {
        const item = document.createElement('li');
        const where = p.line > 0 ? `Line ${p.line}, column ${p.column}: ` : '';
        if (p.line > 0) {
          const link = document.createElement('a');
          link.href = `#${textarea.id}`;
          link.textContent = where + p.message;
          link.addEventListener('click', (event) => {
            event.preventDefault();
            goTo(p.line, p.column);
          });
          item.appendChild(link);
        } else {
          item.textContent = p.message;
        }
        list.appendChild(item);
      }
      editor.classList.toggle('is-invalid', !result.isValid);
      status.textContent = result.isValid
        ? `No problems: ${result.aclCount} ACL${result.aclCount === 1 ? '' : 's'}, ${result.ruleCount} rule${result.ruleCount === 1 ? '' : 's'}.`
        : `${problems.length} problem${problems.length === 1 ? '' : 's'}.`;
    };

    const check = async () => {
      if (inFlight) {
        inFlight.abort();
      }
      inFlight = new AbortController();
      status.textContent = 'Checking…';
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          body: JSON.stringify({ scope: editor.getAttribute('data-scope'), id: editor.getAttribute('data-id'), text: textarea.value }),
          signal: inFlight.signal,
          credentials: 'same-origin',
        });
        if (!response.ok) {
          status.textContent = `The check is not available (${response.status}); Save checks the rules too.`;
          return;
        }
        renderProblems(await response.json());
      } catch (error) {
        if (error.name !== 'AbortError') {
          status.textContent = 'The check is not available; Save checks the rules too.';
        }
      }
    };

    textarea.addEventListener('input', () => {
      backdrop.innerHTML = markedHtml(textarea.value, problems);
      renderGutter();
      syncScroll();
      window.clearTimeout(timer);
      timer = window.setTimeout(check, DELAY_MS);
    });
    textarea.addEventListener('scroll', syncScroll);
    for (const link of list.querySelectorAll('a[data-line]')) {
      link.addEventListener('click', (event) => {
        event.preventDefault();
        goTo(Number(link.getAttribute('data-line')), Number(link.getAttribute('data-column')));
      });
    }
    editor.classList.add('is-live');
    renderGutter();
  };

  document.querySelectorAll('[data-rules-editor]').forEach(setUp);
})();
