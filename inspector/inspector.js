// The inspector page: a live list of the emulator's exchanges (from the /__emulator/events feed) and,
// for the selected one, its request, its response or event sequence with timings, and what answered
// it. Plain browser JavaScript, no build step. Everything shown is inserted as text, never as HTML.
'use strict';

(function inspector() {
  const base = location.pathname.replace(/\/[^/]*$/, ''); // …/__emulator
  const apiKey = new URLSearchParams(location.search).get('api_key');
  const entries = new Map(); // id → summary
  let selected = null;
  let detailTimer = null;
  let scrollToTop = false; // a newly selected exchange is shown from its top; live updates keep the place

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

  // ---- the list ---------------------------------------------------------------------------------

  function timeOf(iso) {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? iso : d.toISOString().slice(11, 23);
  }

  function answeredLabel(e) {
    const unknown = e.unknownParams && e.unknownParams.length ? ` · ${e.unknownParams.length} unknown param${e.unknownParams.length > 1 ? 's' : ''}` : '';
    if (e.answeredBy === 'fixture' && e.fixture) return `fixture ${e.fixture.name}${unknown}`;
    if (e.fault) return (e.answeredBy === 'fault' ? `fault ${e.fault.spec}` : `${e.answeredBy} + ${e.fault.spec}`) + unknown;
    return e.answeredBy + unknown;
  }

  function statusClass(status) {
    return status === null ? 'snone' : `s${String(status)[0]}`;
  }

  function matchesFilter(e) {
    const f = $('filter').value.trim().toLowerCase();
    if (!f) return true;
    return [e.method, e.path, String(e.status), e.testId, e.answeredBy, e.fixture && e.fixture.name, e.fault && e.fault.spec, e.responseId, e.id, e.unknownParams && e.unknownParams.join(',')]
      .some((v) => v && String(v).toLowerCase().includes(f));
  }

  function row(e) {
    const tr = el(
      'tr',
      { dataset: { id: e.id }, class: [e.open ? 'open' : '', e.id === selected ? 'selected' : ''].join(' ').trim() },
      el('td', {}, timeOf(e.at)),
      el('td', {}, e.method),
      el('td', { title: e.path }, e.path),
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

  function renderDetail(e) {
    const parts = [
      el('h2', { class: 'title' }, `${e.method} ${e.path}`),
      facts([
        ['request id', e.id],
        ['at', e.at],
        ['status', e.status === null ? (e.open ? 'in progress' : 'no reply') : String(e.status)],
        ['answered by', e.answeredBy],
        ['fixture', e.fixture ? `${e.fixture.name} (${e.fixture.source})` : null],
        ['fault', e.fault ? `${e.fault.spec} (from ${e.fault.source})` : null],
        ['response id', e.responseId],
        ['unknown parameters (ignored)', e.unknownParams && e.unknownParams.length ? e.unknownParams.join(', ') : null],
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
    if (e.events.length > 0) parts.push(el('h2', {}, 'Events'), eventsTable(e.events));
    if (e.response) parts.push(el('h2', {}, 'Response'), e.events.length > 0 && e.response.body === null ? null : json(e.response.body), headersTable(e.response.headers));
    $('detail').replaceChildren(...parts.filter(Boolean));
    if (scrollToTop) $('detail').scrollTop = 0;
    scrollToTop = false;
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
      listBody.replaceChildren();
    });
  }

  $('filter').addEventListener('input', refilter);
  $('clear').addEventListener('click', () => call('DELETE', '/requests').catch(() => undefined));
  $('reset').addEventListener('click', () => call('POST', '/reset').catch(() => undefined));
  connect();
})();
