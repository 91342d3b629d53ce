// The inspector page: a live list of the emulator's exchanges (from the /__emulator/events feed) and,
// for the selected one, its request, its output as text, its response or event sequence with timings,
// what answered it, and the exchange as a fixture or a curl command to copy. Plain browser
// JavaScript, no build step. Everything shown is inserted as text, never as HTML.
'use strict';

(function inspector() {
  const base = location.pathname.replace(/\/[^/]*$/, ''); // …/__emulator
  const apiKey = new URLSearchParams(location.search).get('api_key');
  const entries = new Map(); // id → summary
  let selected = null;
  let detailTimer = null;
  let scrollToTop = false; // a newly selected exchange is shown from its top; live updates keep the place
  const copies = new Map(); // `${id} fixture|curl` → {ok, text}, once final (the exchange has ended)
  let shown = null; // the entry the detail view was last drawn from

  const $ = (id) => document.getElementById(id);
  const listBody = $('list').tBodies[0];

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (k === 'class') node.className = v;
      else if (k === 'dataset') Object.assign(node.dataset, v);
      else node.setAttribute(k, v);
    }
    for (const child of children) if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
    return node;
  }

  function url(path, params) {
    const q = new URLSearchParams(params || {});
    if (apiKey) q.set('api_key', apiKey);
    const s = q.toString();
    return `${base}${path}${s ? `?${s}` : ''}`;
  }

  async function call(method, path, params) {
    const res = await fetch(url(path, params), { method });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status}`);
    return res.json();
  }

  /** A text resource: {ok, text}, the text being the error's message when it failed. */
  async function fetchText(path) {
    try {
      const res = await fetch(url(path));
      const text = await res.text();
      if (res.ok) return { ok: true, text };
      try {
        return { ok: false, text: JSON.parse(text).error.message };
      } catch {
        return { ok: false, text: `${res.status}` };
      }
    } catch (err) {
      return { ok: false, text: String(err && err.message ? err.message : err) };
    }
  }

  // ---- the list ---------------------------------------------------------------------------------

  function timeOf(iso) {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? iso : d.toISOString().slice(11, 23);
  }

  function answeredLabel(e) {
    const unknown = e.unknownParams && e.unknownParams.length ? ` · ${e.unknownParams.length} unknown param${e.unknownParams.length > 1 ? 's' : ''}` : '';
    // Replicas sharing a Redis store (--store redis://…) each keep a journal: the entry says which one answered.
    const where = e.replica ? ` @ ${e.replica}` : '';
    if (e.answeredBy === 'fixture' && e.fixture) return `fixture ${e.fixture.name}${where}${unknown}`;
    if (e.fault) return (e.answeredBy === 'fault' ? `fault ${e.fault.spec}` : `${e.answeredBy} + ${e.fault.spec}`) + where + unknown;
    return e.answeredBy + where + unknown;
  }

  function statusClass(status) {
    return status === null ? 'snone' : `s${String(status)[0]}`;
  }

  function matchesFilter(e) {
    const f = $('filter').value.trim().toLowerCase();
    if (!f) return true;
    return [e.method, e.path, String(e.status), e.testId, e.model, e.inputPreview, e.answeredBy, e.replica, e.fixture && e.fixture.name, e.fault && e.fault.spec, e.responseId, e.id, e.unknownParams && e.unknownParams.join(',')]
      .some((v) => v && String(v).toLowerCase().includes(f));
  }

  function row(e) {
    const tr = el(
      'tr',
      { dataset: { id: e.id }, class: [e.open ? 'open' : '', e.id === selected ? 'selected' : ''].join(' ').trim() },
      el('td', {}, timeOf(e.at)),
      el('td', {}, e.method),
      el('td', { title: e.path }, e.path),
      el('td', { class: 'model', title: e.model || '' }, e.model || ''),
      el('td', { class: 'input', title: e.inputPreview || '' }, e.inputPreview || ''),
      el('td', { class: 'test-id', title: e.testId || '' }, e.testId || ''),
      el('td', { class: statusClass(e.status) }, e.status === null ? (e.open ? '' : 'no reply') : e.status),
      el('td', { class: `by-${e.answeredBy}`, title: answeredLabel(e) }, answeredLabel(e)),
      el('td', {}, e.durationMs === null ? '' : Math.round(e.durationMs)),
    );
    tr.addEventListener('click', () => select(e.id));
    return tr;
  }

  function upsert(e) {
    entries.set(e.id, e);
    const existing = listBody.querySelector(`tr[data-id="${CSS.escape(e.id)}"]`);
    const fresh = row(e);
    fresh.hidden = !matchesFilter(e);
    if (existing) existing.replaceWith(fresh);
    else listBody.prepend(fresh); // newest first
    $('empty').hidden = entries.size > 0;
    if (e.id === selected) scheduleDetail();
  }

  function refilter() {
    for (const tr of listBody.rows) tr.hidden = !matchesFilter(entries.get(tr.dataset.id));
  }

  async function reload() {
    // Request ids start again after a reset: texts copied for the old ones must not be offered for the new.
    copies.clear();
    const { data } = await call('GET', '/requests', { detail: 'false' });
    entries.clear();
    listBody.replaceChildren();
    for (const e of data.reverse()) upsert(e);
    $('empty').hidden = entries.size > 0;
    if (selected && !entries.has(selected)) showNothing();
  }

  // ---- the detail view --------------------------------------------------------------------------

  function select(id) {
    selected = id;
    scrollToTop = true;
    for (const tr of listBody.rows) tr.classList.toggle('selected', tr.dataset.id === id);
    loadDetail();
  }

  function scheduleDetail() {
    if (detailTimer) return;
    detailTimer = setTimeout(() => {
      detailTimer = null;
      loadDetail();
    }, 250);
  }

  function showNothing() {
    selected = null;
    $('detail').replaceChildren(el('p', { class: 'empty' }, 'Select an exchange to see its request, its response or events, and what answered it.'));
  }

  async function loadDetail() {
    if (!selected) return;
    const id = selected;
    let entry;
    try {
      entry = await call('GET', `/requests/${encodeURIComponent(id)}`);
    } catch {
      return;
    }
    if (id === selected) renderDetail(entry);
  }

  function json(value) {
    return el('pre', {}, value === null || value === undefined ? '—' : JSON.stringify(value, null, 2));
  }

  function facts(pairs) {
    const dl = el('dl', { class: 'facts' });
    for (const [k, v] of pairs) if (v !== null && v !== undefined && v !== '') dl.append(el('dt', {}, k), el('dd', {}, v));
    return dl;
  }

  /** Headers, folded away under a count (bodies and events are what people look for first). */
  function headersTable(headers) {
    const entries = Object.entries(headers || {});
    const table = el('table', { class: 'headers' });
    for (const [k, v] of entries) table.append(el('tr', {}, el('td', {}, k), el('td', {}, v)));
    return el('details', { class: 'headers' }, el('summary', {}, `headers (${entries.length})`), table);
  }

  function eventsTable(events) {
    const table = el('table', { class: 'events' }, el('thead', {}, el('tr', {}, el('th', {}, '#'), el('th', {}, 't (ms)'), el('th', {}, 'event'))));
    const body = el('tbody');
    events.forEach(({ t, event }, i) => {
      const type = event && typeof event === 'object' && event.type ? event.type : typeof event;
      // Deltas show their text inline, so a stream reads top to bottom without expanding anything.
      const preview = event && typeof event.delta === 'string' ? el('span', { class: 'delta' }, JSON.stringify(event.delta)) : null;
      const summary = el('summary', {}, type, preview ? ' ' : null, preview);
      body.append(el('tr', {}, el('td', {}, i), el('td', { class: 't' }, t), el('td', {}, el('details', {}, summary, json(event)))));
    });
    table.append(body);
    return table;
  }

  /** Output items as text: each item's type (and tool name) over its assembled text. */
  function outputList(items) {
    const list = el('div', { class: 'output' });
    for (const item of items) {
      const label = `#${item.outputIndex} ${item.type}${item.name ? ` ${item.name}` : ''}`;
      list.append(el('div', { class: 'output-item', dataset: { type: item.type } }, el('div', { class: 'output-label' }, label), el('pre', {}, item.text)));
    }
    return list;
  }

  /** A fixture and a curl command are final once the exchange has ended (a curl once the body is known). */
  async function loadCopies(e) {
    const wanted = [['fixture', !e.open], ['curl', e.request.body !== null || !e.open]];
    for (const [kind, ready] of wanted) {
      const key = `${e.id} ${kind}`;
      if (!ready || copies.has(key)) continue;
      const result = await fetchText(`/requests/${encodeURIComponent(e.id)}/${kind}`);
      if (!e.open || kind === 'curl') copies.set(key, result);
    }
  }

  function copyButton(e, kind, label) {
    const result = copies.get(`${e.id} ${kind}`);
    const button = el('button', { type: 'button', class: 'copy', id: `copy-${kind}` }, label);
    if (!result || !result.ok) {
      button.disabled = true;
      button.title = result ? result.text : e.open ? 'available when the exchange has ended' : 'loading…';
      return button;
    }
    button.dataset.copy = result.text;
    button.title = `Copy ${kind === 'fixture' ? 'a YAML fixture reproducing this exchange' : 'a curl command for this request (the key is $OPENAI_API_KEY)'}`;
    button.addEventListener('click', () => copyText(result.text, kind));
    return button;
  }

  /** The clipboard API where the page may use it; the older selection copy where it may not (plain http on a LAN address). */
  async function copyText(text, kind) {
    const note = $('copy-note');
    let done = false;
    try {
      await navigator.clipboard.writeText(text);
      done = true;
    } catch {
      const area = el('textarea', { class: 'offscreen', readonly: '' });
      area.value = text;
      document.body.append(area);
      area.select();
      try {
        done = document.execCommand('copy');
      } catch {
        done = false;
      }
      area.remove();
    }
    if (!note) return;
    note.dataset.state = done ? 'copied' : 'failed';
    note.dataset.kind = kind;
    note.textContent = done ? `${kind === 'fixture' ? 'fixture' : 'curl command'} copied` : 'copy failed: select the text below';
  }

  function renderDetail(e) {
    shown = e;
    const copiesShown = [copies.get(`${e.id} fixture`), copies.get(`${e.id} curl`)];
    const parts = [
      el('h2', { class: 'title' }, `${e.method} ${e.path}`),
      el('div', { class: 'actions' }, copyButton(e, 'fixture', 'Copy as fixture'), copyButton(e, 'curl', 'Copy as curl'), el('span', { id: 'copy-note', class: 'copy-note', role: 'status' })),
      facts([
        ['request id', e.id],
        ['at', e.at],
        ['status', e.status === null ? (e.open ? 'in progress' : 'no reply') : String(e.status)],
        ['answered by', e.answeredBy],
        ['replica', e.replica || null],
        ['fixture', e.fixture ? `${e.fixture.name} (${e.fixture.source})` : null],
        ['fault', e.fault ? `${e.fault.spec} (from ${e.fault.source})` : null],
        ['response id', e.responseId],
        ['unknown parameters (ignored)', e.unknownParams && e.unknownParams.length ? e.unknownParams.join(', ') : null],
        ['model', e.model],
        ['test id', e.testId],
        ['dialect', e.dialect],
        ['first byte', e.firstByteMs === null ? null : `${e.firstByteMs} ms`],
        ['duration', e.durationMs === null ? null : `${e.durationMs} ms`],
        ['events', e.events.length ? String(e.events.length) : null],
      ]),
      el('h2', {}, 'Request'),
      json(e.request.body),
      headersTable(e.request.headers),
    ];
    if (e.output && e.output.length > 0) parts.push(el('h2', {}, e.open ? 'Output (so far)' : 'Output'), outputList(e.output));
    if (e.events.length > 0) parts.push(el('h2', {}, 'Events'), eventsTable(e.events));
    if (e.response) parts.push(el('h2', {}, 'Response'), e.events.length > 0 && e.response.body === null ? null : json(e.response.body), headersTable(e.response.headers));
    for (const [kind, title] of [['fixture', 'As a fixture (YAML)'], ['curl', 'As curl']]) {
      const result = copies.get(`${e.id} ${kind}`);
      if (result && result.ok) parts.push(el('details', { class: `as-${kind}` }, el('summary', {}, title), el('pre', {}, result.text)));
    }
    $('detail').replaceChildren(...parts.filter(Boolean));
    if (scrollToTop) $('detail').scrollTop = 0;
    scrollToTop = false;
    // The texts to copy are fetched once; the view is drawn again when they arrive.
    loadCopies(e).then(() => {
      const now = [copies.get(`${e.id} fixture`), copies.get(`${e.id} curl`)];
      if (shown === e && e.id === selected && (now[0] !== copiesShown[0] || now[1] !== copiesShown[1])) renderDetail(e);
    });
  }

  // ---- the live feed ----------------------------------------------------------------------------

  function connect() {
    const status = $('status');
    const feed = new EventSource(url('/events'));
    feed.addEventListener('open', () => {
      status.dataset.state = 'live';
      status.textContent = 'live';
    });
    feed.addEventListener('exchange', (m) => upsert(JSON.parse(m.data).entry));
    feed.addEventListener('removed', () => reload());
    feed.addEventListener('error', () => {
      status.dataset.state = 'offline';
      status.textContent = 'reconnecting…';
      // EventSource reconnects on its own; the list is rebuilt from the feed's first frames.
      entries.clear();
      copies.clear();
      listBody.replaceChildren();
    });
  }

  $('filter').addEventListener('input', refilter);
  $('clear').addEventListener('click', () => call('DELETE', '/requests').catch(() => undefined));
  $('reset').addEventListener('click', () => call('POST', '/reset').catch(() => undefined));
  connect();
})();
