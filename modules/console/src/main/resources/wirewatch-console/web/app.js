/*
 * Wirewatch dashboard: live mentions grouped by story, mentions per topic with spikes, the topic editor with inline
 * query errors and backtest preview, subscriptions and feeds with their health. Plain browser JavaScript, no build.
 *
 * Every text from the API goes into the page as text (textContent), never as HTML.
 */
'use strict';

const KEY_STORAGE = 'wirewatch.apiKey';
const PALETTE = ['#1769aa', '#d9480f', '#2b8a3e', '#862e9c', '#c2255c', '#0b7285', '#e67700', '#5c940d', '#364fc7', '#a61e4d'];
const MAX_STORIES = 150;

// The URL the demo prints, http://localhost:8080/#key=..., opens the dashboard signed in: the key is kept as a typed one
// would be and taken out of the address bar (and so out of the history) at once. A fragment never reaches a server.
function keyFromFragment() {
  const match = /^#key=([^&]+)/.exec(location.hash);
  if (!match) return false;
  localStorage.setItem(KEY_STORAGE, decodeURIComponent(match[1]));
  history.replaceState(null, '', location.pathname + location.search);
  return true;
}
keyFromFragment();

const state = {
  key: localStorage.getItem(KEY_STORAGE) || '',
  view: 'live',
  topics: [],
  mentions: [],
  window: '1m',
  stats: {},
  editing: null,
  streamAbort: null,
  validateSeq: 0,
  storyCursor: -1,
  feeds: [],
  drafts: {},
  freshnessWindow: '1h',
};

// ---- small DOM helpers

const $ = (id) => document.getElementById(id);

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

const SVG = 'http://www.w3.org/2000/svg';
function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'text') el.textContent = v; else el.setAttribute(k, v);
  }
  children.flat(Infinity).forEach((c) => c && el.append(c));
  return el;
}

/** Text with [start, end) spans wrapped in <mark>, as DOM nodes. */
function marked(text, spans) {
  const out = [];
  let at = 0;
  const sorted = (spans || []).filter((m) => m[0] < m[1] && m[0] >= 0 && m[1] <= text.length).sort((a, b) => a[0] - b[0]);
  for (const [start, end] of sorted) {
    if (start < at) continue;
    if (start > at) out.push(document.createTextNode(text.slice(at, start)));
    out.push(h('mark', { text: text.slice(start, end) }));
    at = end;
  }
  if (at < text.length) out.push(document.createTextNode(text.slice(at)));
  return out;
}

const fold = (w) => w.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** The matcher's spans of one field ('title' or 'snippet') of a mention, for every topic it lists. */
function mentionSpans(m, field) {
  const lists = (m.matchedTopics && m.matchedTopics.length) ? m.matchedTopics.map((t) => t.highlights || [])
    : [field === 'snippet' ? (m.snippetHighlights || []) : (m.highlights || [])];
  const text = (field === 'snippet' ? m.snippet : m.title) || '';
  const spans = lists.flat().filter((x) => x.field === field && x.start >= 0 && x.end <= text.length && x.start < x.end)
    .map((x) => [x.start, x.end]).sort((a, b) => a[0] - b[0]);
  const merged = [];
  for (const sp of spans) {
    const last = merged[merged.length - 1];
    if (last && sp[0] <= last[1]) last[1] = Math.max(last[1], sp[1]);
    else merged.push([...sp]);
  }
  return merged;
}

/** The title of the feed an article came from, else its host. */
function sourceName(m) {
  const byId = m.feedId && state.feeds.find((f) => f.id === m.feedId);
  if (byId && byId.title) return byId.title;
  const host = (m.source || '').replace(/^www\./, '');
  const byHost = host && state.feeds.find((f) => f.title && (() => {
    try { return new URL(f.url).hostname.replace(/^www\./, '') === host; } catch { return false; }
  })());
  return byHost ? byHost.title : m.source || '';
}

/** A feed's last error in words a desk understands; the technical text stays behind a toggle. */
function plainProblem(error, status) {
  const e = (error || '').toLowerCase();
  if (/no bytes|closed|reset|eof|broken pipe/.test(e)) return 'The server closed the connection without answering.';
  if (/timed? ?out|timeout/.test(e)) return 'The server took too long to answer.';
  if (/unknownhost|unresolved|name or service|nodename|dns/.test(e)) return 'The site\'s address could not be found.';
  if (/refused/.test(e) && /connect/.test(e)) return 'The server refused the connection.';
  if (/ssl|tls|certificate|handshake/.test(e)) return 'The site\'s security certificate was not accepted.';
  if (/not allowed|private|egress|blocked/.test(e)) return 'The address is not one Wirewatch may fetch.';
  if (/too large|exceeds|limit/.test(e)) return 'The feed is larger than Wirewatch accepts.';
  if (/pars|xml|not a feed|malformed|unexpected/.test(e)) return 'The page is not a feed Wirewatch can read.';
  const code = status || (e.match(/http\D{0,5}(\d{3})/) || [])[1];
  if (code) {
    const n = Number(code);
    if (n === 404 || n === 410) return 'The feed is no longer at this address.';
    if (n === 401 || n === 403) return 'The site refuses to let Wirewatch read the feed.';
    if (n === 429) return 'The site asks Wirewatch to slow down.';
    if (n >= 500) return 'The site has a problem of its own (it answered with an error).';
  }
  return 'The feed could not be read.';
}

function ago(iso) {
  if (!iso) return '';
  const seconds = Math.round((Date.now() - new Date(iso).getTime()) / 1000);
  if (seconds < 45) return 'just now';
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86400)} d ago`;
}

const when = (iso) => (iso ? new Date(iso).toLocaleString() : '');

function topicColor(id) {
  const index = state.topics.findIndex((t) => t.id === id);
  if (index >= 0) return PALETTE[index % PALETTE.length];
  let hash = 0;
  for (const c of id) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  return PALETTE[hash % PALETTE.length];
}

function topicName(id) {
  const t = state.topics.find((x) => x.id === id);
  return t ? t.name : id;
}

function topicChip(id, name) {
  const chip = h('span', { class: 'chip topic', text: name || topicName(id), title: id });
  chip.style.background = topicColor(id);
  return chip;
}

// ---- API

class ApiError extends Error {
  constructor(status, body) {
    super((body && body.error) || `HTTP ${status}`);
    this.status = status;
    this.body = body || {};
  }
}

async function api(method, path, body, contentType) {
  const headers = { Authorization: `Bearer ${state.key}` };
  let payload;
  if (body !== undefined) {
    headers['Content-Type'] = contentType || 'application/json';
    payload = contentType ? body : JSON.stringify(body);
  }
  const res = await fetch(path, { method, headers, body: payload });
  if (res.status === 401) {
    signIn('The API key was refused. Enter a valid key.');
    throw new ApiError(401, { error: 'unauthorized' });
  }
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { json = { error: text }; }
  if (!res.ok) throw new ApiError(res.status, json);
  return json;
}

/** Follows a server-sent-events endpoint with fetch (so that the key goes in a header), reconnecting on loss. */
async function follow(path, onEvent, signal) {
  let delay = 1000;
  while (!signal.aborted) {
    try {
      const res = await fetch(path, { headers: { Authorization: `Bearer ${state.key}`, Accept: 'text/event-stream' }, signal });
      if (res.status === 401) { signIn('The API key was refused.'); return; }
      if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
      setStreamStatus(true);
      delay = 1000;
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let cut;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          let event = 'message';
          const data = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('event:')) event = line.slice(6).trim();
            else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
          }
          if (data.length) onEvent(event, data.join('\n'));
        }
      }
    } catch (e) {
      if (signal.aborted) return;
    }
    setStreamStatus(false);
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 15000);
  }
}

function setStreamStatus(on) {
  const pill = $('stream-status');
  pill.textContent = on ? 'live' : 'reconnecting';
  pill.className = `pill ${on ? 'pill-on' : 'pill-off'}`;
}

// ---- sign in

function signIn(message) {
  if (state.streamAbort) state.streamAbort.abort();
  state.key = '';
  localStorage.removeItem(KEY_STORAGE);
  $('login-error').textContent = message || '';
  const dialog = $('login');
  if (!dialog.open) dialog.showModal();
  $('api-key').focus();
}

async function tryKey(key) {
  const res = await fetch('/api/me', { headers: { Authorization: `Bearer ${key}` } });
  if (!res.ok) return null;
  return res.json();
}

async function start() {
  const me = state.key ? await tryKey(state.key) : null;
  if (!me) { signIn(state.key ? 'The saved API key is no longer valid.' : ''); return; }
  $('whoami').textContent = `${me.name} · ${me.role}`;
  document.body.dataset.role = me.role;
  await loadTopics();
  await loadFeedTitles();
  await loadMentions();
  startStream();
  startDefinitionStream();
  loadStats();
  loadFreshness();
  showView(location.hash.replace('#', '') || 'live');
}

async function loadFeedTitles() {
  try {
    state.feeds = (await api('GET', '/api/feeds?limit=1000')).items;
  } catch (e) {
    state.feeds = [];
  }
}

/** Definitions changed anywhere (API, another browser, OPML): the lists and forms follow within a second. */
function startDefinitionStream() {
  if (state.definitionsAbort) state.definitionsAbort.abort();
  const abort = new AbortController();
  state.definitionsAbort = abort;
  let timer = 0;
  const pending = new Set();
  follow('/api/definitions/stream', (event, data) => {
    if (event !== 'definition') return;
    pending.add(JSON.parse(data).kind);
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const kinds = new Set(pending);
      pending.clear();
      if (kinds.has('topic')) { await loadTopics(); renderStories(); renderChart(); }
      if (kinds.has('feed')) { await loadFeedTitles(); renderStories(); }
      if (state.view === 'subscriptions' && (kinds.has('subscription') || kinds.has('topic'))) loadSubscriptions();
      if (state.view === 'feeds' && (kinds.has('feed') || kinds.has('feed-health'))) loadFeeds();
    }, 150);
  }, abort.signal);
}

function fmtDelay(ms) {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60000) return `${(ms / 1000).toFixed(ms < 10000 ? 1 : 0)} s`;
  if (ms < 600000) return `${(ms / 60000).toFixed(1)} min`;
  if (ms < 3600000) return `${Math.round(ms / 60000)} min`;
  return `${(ms / 3600000).toFixed(1)} h`;
}

async function loadFreshness() {
  try {
    state.freshness = (await api('GET', '/api/freshness')).windows;
  } catch (e) {
    state.freshness = null;
  }
  renderFreshness();
}

function renderFreshness() {
  for (const b of document.querySelectorAll('.seg button[data-freshness]')) b.setAttribute('aria-pressed', b.dataset.freshness === state.freshnessWindow);
  const body = $('freshness-table').tBodies[0];
  const w = (state.freshness || []).find((x) => x.window === state.freshnessWindow);
  if (!w || !w.all.count) {
    body.replaceChildren(h('tr', {}, h('td', { colspan: 4, class: 'empty', text: 'No real-time alerts in this window yet.' })));
    return;
  }
  const row = (label, d, kind) => h('tr', { dataset: { freshness: `${kind}:${d.key}` } }, h('td', {}, label),
    h('td', { class: 'num', text: String(d.count) }), h('td', { class: 'num', text: fmtDelay(d.p50Ms) }),
    h('td', { class: 'num', text: fmtDelay(d.p90Ms) }));
  const feedTitle = (id) => { const f = state.feeds.find((x) => x.id === id); return f && f.title ? f.title : id; };
  body.replaceChildren(row(h('strong', { text: 'All alerts' }), w.all, 'all'),
    ...w.byTopic.map((d) => row(topicChip(d.key), d, 'topic')),
    ...w.byFeed.map((d) => row(h('span', { text: feedTitle(d.key) }), d, 'feed')));
}

// ---- views

function showView(view) {
  if (!['live', 'topics', 'subscriptions', 'feeds'].includes(view)) view = 'live';
  state.view = view;
  for (const tab of document.querySelectorAll('.tabs button')) {
    const on = tab.dataset.view === view;
    tab.setAttribute('aria-selected', on);
    tab.tabIndex = on ? 0 : -1;
    $(`view-${tab.dataset.view}`).hidden = !on;
  }
  if (location.hash !== `#${view}`) history.replaceState(null, '', `#${view}`);
  if (view === 'subscriptions') loadSubscriptions();
  if (view === 'feeds') loadFeeds();
  if (view === 'topics' && !state.editing) newTopic(false);
}

// ---- topics

async function loadTopics() {
  const page = await api('GET', '/api/topics?limit=1000');
  state.topics = page.items;
  renderTopicList();
  const select = $('mention-topic');
  const chosen = select.value;
  select.replaceChildren(h('option', { value: '', text: 'All topics' }),
    ...state.topics.map((t) => h('option', { value: t.id, text: t.name })));
  select.value = chosen;
  const checks = $('sub-topics');
  checks.replaceChildren(...state.topics.map((t) => h('label', {}, h('input', { type: 'checkbox', value: t.id }), t.name)));
}

function renderTopicList() {
  const list = $('topic-list');
  list.replaceChildren(...state.topics.map((t) => {
    const dot = h('span', { class: 'dot' });
    dot.style.background = topicColor(t.id);
    return h('li', { class: state.editing && state.editing.id === t.id ? 'active' : null, dataset: { topic: t.id } },
      h('button', { type: 'button', onclick: () => editTopic(t) },
        h('span', { class: 'name' }, dot, t.name, t.enabled ? null : h('span', { class: 'off', text: 'off' })),
        h('span', { class: 'q', text: t.query, title: t.query })));
  }));
  if (!state.topics.length) list.append(h('li', { class: 'empty', text: 'No tracked topics yet.' }));
}

/** The editor's fields, to keep an unsaved draft when another topic is opened. */
function editorFields() {
  return { name: $('topic-name').value, id: $('topic-id').value, query: $('topic-query').value,
    description: $('topic-description').value, enabled: $('topic-enabled').checked };
}

/** Keeps the editor's content under its topic (or the new topic) when it differs from what is saved. */
function keepDraft() {
  const key = state.editing ? state.editing.id : '';
  const f = editorFields();
  const saved = state.editing;
  const dirty = saved ? f.name !== saved.name || f.query !== saved.query || f.description !== (saved.description || '')
    || f.enabled !== saved.enabled : Boolean(f.name || f.query || f.description);
  if (dirty) state.drafts[key] = f;
  else delete state.drafts[key];
}

/** Puts back a kept draft of this topic, if any, and says so. */
function restoreDraft(key) {
  const d = state.drafts[key];
  if (!d) return false;
  $('topic-name').value = d.name;
  if (!key) $('topic-id').value = d.id;
  $('topic-query').value = d.query;
  $('topic-description').value = d.description;
  $('topic-enabled').checked = d.enabled;
  setMessage('topic-message', 'Your unsaved changes are back. Save them, or reload the topic to drop them.', 'warn');
  return true;
}

function newTopic(focus) {
  if (state.view === 'topics' || state.editing) keepDraft();
  state.editing = null;
  $('editor-title').textContent = 'New topic';
  $('topic-version').textContent = '';
  $('topic-name').value = '';
  $('topic-id').value = '';
  $('topic-id').disabled = false;
  $('topic-query').value = '';
  $('topic-description').value = '';
  $('topic-enabled').checked = true;
  $('delete-button').hidden = true;
  $('preview').hidden = true;
  setMessage('topic-message', '');
  showQueryStatus(null);
  if (restoreDraft('')) validateQuery();
  renderTopicList();
  if (focus) $('topic-name').focus();
}

function editTopic(topic, keepPreview) {
  if (!keepPreview) keepDraft();
  state.editing = topic;
  $('editor-title').textContent = topic.name;
  $('topic-version').textContent = `${topic.id} · version ${topic.version}`;
  $('topic-name').value = topic.name;
  $('topic-id').value = topic.id;
  $('topic-id').disabled = true;
  $('topic-query').value = topic.query;
  $('topic-description').value = topic.description || '';
  $('topic-enabled').checked = topic.enabled;
  $('delete-button').hidden = false;
  if (!keepPreview) $('preview').hidden = true;
  setMessage('topic-message', '');
  if (keepPreview) delete state.drafts[topic.id];
  else restoreDraft(topic.id);
  renderTopicList();
  validateQuery();
}

function setMessage(id, text, kind) {
  const el = $(id);
  el.textContent = text;
  el.className = `message ${kind || ''}`;
}

let validateTimer = 0;
function scheduleValidate() {
  clearTimeout(validateTimer);
  validateTimer = setTimeout(validateQuery, 220);
}

async function validateQuery() {
  const query = $('topic-query').value;
  const seq = ++state.validateSeq;
  if (!query.trim()) { showQueryStatus(null); return; }
  try {
    const result = await api('POST', '/api/topics/validate', { query });
    if (seq === state.validateSeq) showQueryStatus(result, query);
  } catch (e) {
    if (seq === state.validateSeq) showQueryStatus({ valid: false, error: e.message }, query);
  }
}

/** Shows a query's validity under the editor: the error, a pointer at its position and the hint; or the clauses. */
function showQueryStatus(result, query) {
  const area = $('topic-query');
  const status = $('query-status');
  const pointer = $('query-pointer');
  const explainBox = $('query-explain-box');
  area.classList.remove('invalid', 'valid');
  area.removeAttribute('aria-invalid');
  pointer.hidden = true;
  explainBox.hidden = true;
  status.replaceChildren();
  status.className = 'query-status';
  if (!result) return;
  if (result.valid) {
    area.classList.add('valid');
    status.className = 'query-status ok';
    status.append(`✓ Valid query · ${result.clauses.length} clause${result.clauses.length === 1 ? '' : 's'}: `,
      result.clauses.slice(0, 8).join(' · '));
    $('query-explain').textContent = result.explain;
    explainBox.hidden = false;
    return;
  }
  area.classList.add('invalid');
  area.setAttribute('aria-invalid', 'true');
  status.className = 'query-status bad';
  status.append(`✗ ${result.error}`);
  if (result.hint) status.append(h('span', { class: 'hint', text: result.hint }));
  if (typeof result.position === 'number' && query !== undefined) {
    const at = Math.min(result.position, query.length);
    const shown = query.length ? query : ' ';
    pointer.replaceChildren(shown.slice(0, at), h('span', { class: 'at', text: shown.slice(at, at + 1) || ' ' }), shown.slice(at + 1));
    pointer.hidden = false;
  }
}

async function saveTopic(event) {
  if (event) event.preventDefault();
  const body = {
    name: $('topic-name').value.trim(),
    query: $('topic-query').value,
    description: $('topic-description').value.trim() || null,
    enabled: $('topic-enabled').checked,
  };
  const id = $('topic-id').value.trim();
  try {
    let saved;
    if (state.editing) {
      saved = await api('PUT', `/api/topics/${encodeURIComponent(state.editing.id)}`, body);
    } else {
      if (id) body.id = id;
      saved = await api('POST', '/api/topics', body);
      delete state.drafts[''];
    }
    await loadTopics();
    editTopic(saved, true);
    setMessage('topic-message', `Saved ${saved.name} (version ${saved.version}). The tagger picks it up now.`, 'ok');
  } catch (e) {
    topicError(e);
  }
}

function topicError(e) {
  if (e.body && e.body.field === 'query') {
    showQueryStatus({ valid: false, error: e.body.error, position: e.body.position, hint: e.body.hint }, $('topic-query').value);
    $('topic-query').focus();
  } else if (e.body && e.body.field) {
    const input = $(`topic-${e.body.field}`);
    if (input) { input.classList.add('invalid'); input.focus(); input.addEventListener('input', () => input.classList.remove('invalid'), { once: true }); }
  }
  setMessage('topic-message', e.message, 'bad');
}

async function deleteTopic() {
  const t = state.editing;
  if (!t || !confirm(`Delete the tracked topic "${t.name}"? Subscriptions to it stop getting alerts.`)) return;
  try {
    await api('DELETE', `/api/topics/${encodeURIComponent(t.id)}`);
    await loadTopics();
    newTopic(false);
    setMessage('topic-message', `Deleted ${t.name}.`, 'ok');
  } catch (e) {
    setMessage('topic-message', e.message, 'bad');
  }
}

async function runPreview() {
  const query = $('topic-query').value;
  if (!query.trim()) { setMessage('topic-message', 'Write a query first.', 'bad'); return; }
  const days = Number($('preview-range').value);
  const from = new Date(Date.now() - days * 86400000).toISOString();
  const button = $('preview-button');
  button.disabled = true;
  setMessage('topic-message', 'Running the backtest over the retained articles…');
  try {
    const result = await api('POST', '/api/topics/preview', { query, from, limit: 20 });
    renderPreview(result);
    setMessage('topic-message', '');
  } catch (e) {
    topicError(e);
  } finally {
    button.disabled = false;
  }
}

function renderPreview(result) {
  $('preview').hidden = false;
  const days = result.hitsPerDay;
  const summary = `${result.matchingArticles} of ${result.articlesScanned} articles match · ${days.length} day${days.length === 1 ? '' : 's'} · ${result.elapsedMs} ms`
    + (result.truncated ? ` · stopped by ${result.stoppedBy}` : '');
  $('preview-summary').textContent = summary;
  $('preview-summary').dataset.matches = result.matchingArticles;
  renderBars($('preview-chart'), days);
  const list = $('preview-samples');
  list.replaceChildren(...result.samples.map((sample) => h('li', { class: 'sample' },
    h('a', { class: 'story-title', href: sample.url, target: '_blank', rel: 'noopener noreferrer' }, marked(sample.title, sample.titleMarks)),
    h('div', { class: 'src', text: `${sample.source || ''} · ${sample.language || ''} · ${when(sample.publishedAt)}` }),
    sample.snippet ? h('p', { class: 'snippet' }, marked(sample.snippet, sample.snippetMarks)) : null)));
  if (!result.samples.length) list.append(h('li', { class: 'empty', text: 'No retained article matches this query in the range.' }));
}

function renderBars(box, days) {
  const width = box.clientWidth || 600;
  const height = 120;
  const pad = { l: 28, r: 6, t: 8, b: 20 };
  const max = Math.max(1, ...days.map((d) => d.articles));
  const bw = (width - pad.l - pad.r) / Math.max(1, days.length);
  const y = (v) => pad.t + (height - pad.t - pad.b) * (1 - v / max);
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: 'none' });
  svg.append(s('text', { x: 2, y: pad.t + 8, text: String(max) }), s('text', { x: 2, y: height - pad.b, text: '0' }));
  days.forEach((d, i) => {
    const x = pad.l + i * bw + 1;
    const w = Math.max(1, bw - 2);
    svg.append(s('rect', { class: 'bar', x, y: y(d.articles), width: w, height: height - pad.b - y(d.articles) },
      s('title', { text: `${d.day}: ${d.articles} articles` })));
    svg.append(s('rect', { class: 'hit', x, y: y(d.hits), width: w, height: height - pad.b - y(d.hits) },
      s('title', { text: `${d.day}: ${d.hits} of ${d.articles} match` })));
    if (days.length <= 14 || i % Math.ceil(days.length / 10) === 0) {
      svg.append(s('text', { x: x + w / 2, y: height - 5, 'text-anchor': 'middle', text: d.day.slice(5) }));
    }
  });
  box.replaceChildren(svg);
}

// ---- live mentions

async function loadMentions() {
  const topic = $('mention-topic').value;
  const page = await api('GET', `/api/mentions?limit=200${topic ? `&topic=${encodeURIComponent(topic)}` : ''}`);
  state.mentions = page.items;
  renderStories();
}

function startStream() {
  if (state.streamAbort) state.streamAbort.abort();
  const abort = new AbortController();
  state.streamAbort = abort;
  follow('/api/mentions/stream', (event, data) => {
    if (event !== 'mention') return;
    const mention = JSON.parse(data);
    state.mentions = [mention, ...state.mentions.filter((m) => m.id !== mention.id)].slice(0, 1000);
    renderStories(mention.id);
    bumpSummary(mention);
  }, abort.signal);
}

/** Mentions grouped by story, newest story first; within a story, newest first. */
function stories() {
  const topic = $('mention-topic').value;
  const groups = new Map();
  for (const m of state.mentions) {
    if (topic && m.topicId !== topic) continue;
    const key = m.storyId || m.articleId;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(m);
  }
  return [...groups.entries()].slice(0, MAX_STORIES);
}

function renderStories(freshId) {
  const list = $('stories');
  const groups = stories();
  $('mentions-empty').hidden = groups.length > 0;
  list.replaceChildren(...groups.map(([storyId, mentions]) => storyItem(storyId, mentions, freshId)));
  renderSummary();
}

function storyItem(storyId, mentions, freshId) {
  const lead = mentions[0];
  const articles = new Map();
  for (const m of mentions) if (!articles.has(m.articleId)) articles.set(m.articleId, m);
  const topics = [...new Set(mentions.map((m) => m.topicId))];
  const titleSpans = mentionSpans(lead, 'title');
  const others = [...articles.values()].slice(1);
  const item = h('li', {
    class: `story${mentions.some((m) => m.id === freshId) ? ' fresh' : ''}`, tabindex: '-1',
    dataset: { story: storyId, mentionId: lead.id },
  },
  h('a', { class: 'story-title', href: lead.url, target: '_blank', rel: 'noopener noreferrer' }, marked(lead.title || lead.url, titleSpans)),
  h('div', { class: 'story-meta' },
    topics.map((t) => topicChip(t, mentions.find((m) => m.topicId === t).topicName)),
    h('span', { class: 'source', text: sourceName(lead), title: lead.source || '' }),
    h('span', { text: '·' }),
    h('time', { datetime: lead.taggedAt, title: when(lead.taggedAt), text: ago(lead.taggedAt) }),
    articles.size > 1 ? h('span', { class: 'count', text: `· ${articles.size} articles in this story` }) : null),
  lead.snippet ? h('p', { class: 'snippet' }, marked(lead.snippet, mentionSpans(lead, 'snippet'))) : null,
  others.length ? h('details', {}, h('summary', { text: `Also reported by ${others.length} more` }),
    h('ul', {}, others.map((m) => h('li', {}, h('a', { href: m.url, target: '_blank', rel: 'noopener noreferrer', text: m.title || m.url }),
      h('span', { class: 'muted', text: ` · ${sourceName(m)} · ${ago(m.taggedAt)}` }))))) : null);
  return item;
}

function moveStory(step) {
  const items = [...document.querySelectorAll('#stories .story')];
  if (!items.length) return;
  state.storyCursor = Math.max(0, Math.min(items.length - 1, state.storyCursor + step));
  items.forEach((el, i) => el.classList.toggle('selected', i === state.storyCursor));
  items[state.storyCursor].focus();
  items[state.storyCursor].scrollIntoView({ block: 'nearest' });
}

// ---- stats chart

async function loadStats() {
  try {
    const result = await api('GET', `/api/stats?window=${state.window}`);
    state.stats = result.topics;
    renderChart();
    renderSummary();
  } catch (e) {
    if (e.status !== 401) $('chart').replaceChildren(h('p', { class: 'empty', text: `Stats are not available: ${e.message}` }));
  }
}

function bumpSummary() {
  renderSummary();
}

function renderChart() {
  const box = $('chart');
  const width = box.clientWidth || 520;
  const height = box.clientHeight || 230;
  const pad = { l: 34, r: 14, t: 22, b: 24 };
  const filter = $('mention-topic').value;
  const series = Object.entries(state.stats).filter(([topic, points]) => points.length && (!filter || topic === filter));
  for (const b of document.querySelectorAll('.seg button[data-window]')) b.setAttribute('aria-pressed', b.dataset.window === state.window);
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, 'data-window': state.window });
  const legend = $('chart-legend');
  legend.replaceChildren();
  if (!series.length) {
    svg.append(s('text', { class: 'nodata', x: width / 2, y: height / 2, 'text-anchor': 'middle', text: 'No mention counts from the tagger yet' }));
    box.replaceChildren(svg);
    return;
  }
  const times = series.flatMap(([, pts]) => pts.map((p) => new Date(p.windowStart).getTime()));
  const t0 = Math.min(...times);
  const t1 = Math.max(...times, t0 + 1);
  const top = Math.max(1, ...series.flatMap(([, pts]) => pts.map((p) => p.mentions)));
  const step = niceStep(top / 4);
  const max = Math.ceil(top / step) * step;
  const x = (t) => pad.l + (width - pad.l - pad.r) * ((t - t0) / (t1 - t0 || 1));
  const y = (v) => pad.t + (height - pad.t - pad.b) * (1 - v / max);
  for (let v = 0; v <= max; v += step) {
    svg.append(s('line', { class: 'grid', x1: pad.l, x2: width - pad.r, y1: y(v), y2: y(v) }),
      s('text', { x: pad.l - 6, y: y(v) + 3, 'text-anchor': 'end', text: String(v) }));
  }
  svg.append(s('line', { class: 'axis', x1: pad.l, x2: width - pad.r, y1: height - pad.b, y2: height - pad.b }));
  const label = (t) => {
    const d = new Date(t);
    return state.window === '1d' ? d.toLocaleDateString([], { month: 'short', day: 'numeric' })
      : d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  };
  // ticks on window starts, at most five, no label twice
  const starts = [...new Set(times)].sort((a, b) => a - b);
  const every = Math.max(1, Math.ceil(starts.length / 5));
  const shown = new Set();
  starts.forEach((t, i) => {
    const text = label(t);
    if ((i % every !== 0 && i !== starts.length - 1) || shown.has(text)) return;
    shown.add(text);
    const anchor = starts.length === 1 ? 'middle' : i === 0 ? 'start' : i === starts.length - 1 ? 'end' : 'middle';
    svg.append(s('text', { x: x(t), y: height - 7, 'text-anchor': anchor, text }));
  });
  let spikeCount = 0;
  for (const [topic, points] of series) {
    const color = topicColor(topic);
    const coords = points.map((p) => [x(new Date(p.windowStart).getTime()), y(p.mentions)]);
    if (coords.length === 1) {
      // one window is a point, not a line
      svg.append(s('circle', { class: 'point', cx: coords[0][0], cy: coords[0][1], r: 3.5, fill: color },
        s('title', { text: `${topicName(topic)}: ${points[0].mentions} at ${when(points[0].windowStart)}` })));
    } else {
      svg.append(s('polyline', { class: 'line', stroke: color, points: coords.map((c) => c.join(',')).join(' ') },
        s('title', { text: topicName(topic) })));
    }
    let spikes = 0;
    for (const [i, p] of points.entries()) {
      // a spike is drawn only against a baseline: at least three earlier windows
      if (!p.spike || i < 3) continue;
      spikes++;
      const cx = x(new Date(p.windowStart).getTime());
      const cy = y(p.mentions);
      svg.append(s('circle', { class: 'spike', cx, cy, r: 5, 'data-topic': topic },
        s('title', { text: `Spike: ${topicName(topic)}, ${p.mentions} mentions at ${when(p.windowStart)}` })),
      s('text', { class: 'spike-label', x: cx, y: cy - 9, 'text-anchor': 'middle', text: '▲' }));
    }
    spikeCount += spikes;
    const swatch = h('span', { class: 'swatch' });
    swatch.style.background = color;
    legend.append(h('li', {}, swatch, topicName(topic), spikes ? h('span', { class: 'spikes', text: `▲ ${spikes} spike${spikes > 1 ? 's' : ''}` }) : null));
  }
  svg.dataset.spikes = spikeCount;
  box.replaceChildren(svg);
}

/** A round step (1, 2 or 5 times a power of ten, at least 1) near {@code raw}, for axis ticks. */
function niceStep(raw) {
  if (raw <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const f = raw / power;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * power;
}

/** Each topic's mentions in the chart's latest window and the one before: the same counts the chart draws. */
function renderSummary() {
  const body = $('topic-summary').tBodies[0];
  const filter = $('mention-topic').value;
  const head = $('topic-summary').tHead.rows[0].cells;
  head[1].textContent = `This ${state.window === '1m' ? 'minute' : state.window === '1h' ? 'hour' : 'day'}`;
  head[2].textContent = 'Before';
  const times = Object.values(state.stats).flatMap((pts) => pts.map((p) => new Date(p.windowStart).getTime()));
  const latest = times.length ? Math.max(...times) : null;
  const size = { '1m': 60000, '1h': 3600000, '1d': 86400000 }[state.window];
  const at = (points, t) => points.find((p) => new Date(p.windowStart).getTime() === t);
  const rows = state.topics.filter((t) => !filter || t.id === filter).map((t) => {
    const points = state.stats[t.id] || [];
    const last = latest === null ? null : at(points, latest);
    const before = latest === null ? null : at(points, latest - size);
    const spike = last && last.spike && points.indexOf(last) >= 3;
    return h('tr', { dataset: { topic: t.id } },
      h('td', {}, topicChip(t.id, t.name)),
      h('td', { class: 'num', text: `${last ? last.mentions : 0}${spike ? ' ▲' : ''}` }),
      h('td', { class: 'num', text: String(before ? before.mentions : 0) }));
  });
  body.replaceChildren(...rows);
}

// ---- subscriptions

async function loadSubscriptions() {
  try {
    const page = await api('GET', '/api/subscriptions?limit=1000');
    const body = $('subscription-table').tBodies[0];
    body.replaceChildren(...page.items.map((sub) => {
      const c = sub.channel;
      const target = c.type === 'email' ? (c.to || []).join(', ') : c.url || (c.type === 'sse' ? `/api/alerts/stream?subscription=${sub.id}` : '');
      const d = sub.delivery || {};
      const mode = sub.mode.type === 'digest'
        ? `digest ${sub.mode.digestAt ? `at ${sub.mode.digestAt}` : `every ${sub.mode.digestEveryMinutes} min`} ${sub.mode.timeZone}` : 'real time';
      return h('tr', { dataset: { subscription: sub.id } },
        h('td', {}, h('strong', { text: sub.name }), h('span', { class: 'sub', text: sub.id }), sub.enabled ? null : h('span', { class: 'badge disabled', text: 'paused' })),
        h('td', {}, sub.topics.map((t) => [topicChip(t), ' '])),
        h('td', {}, h('span', { class: 'badge', text: c.type }), h('span', { class: 'sub', text: target })),
        h('td', { text: mode }),
        h('td', {}, h('span', { class: `badge ${d.state || 'none'}`, text: d.state || 'none' }),
          h('span', { class: 'sub', text: d.state && d.state !== 'none' ? `${d.delivered} delivered · ${d.failed} failed${d.gaveUp ? ` · ${d.gaveUp} gave up` : ''}` : 'no deliveries yet' }),
          d.lastAttempt && d.lastAttempt.error ? h('span', { class: 'sub', text: d.lastAttempt.error }) : null),
        h('td', { class: 'num' }, h('button', { class: 'danger small', type: 'button', onclick: () => deleteSubscription(sub) }, 'Delete')));
    }));
    if (!page.items.length) body.append(h('tr', {}, h('td', { colspan: 6, class: 'empty', text: 'No subscriptions yet.' })));
  } catch (e) {
    if (e.status !== 401) setMessage('subscription-message', e.message, 'bad');
  }
}

async function addSubscription(event) {
  event.preventDefault();
  const type = $('sub-channel').value;
  const target = $('sub-target').value.trim();
  const channel = { type };
  if (type === 'email') channel.to = target.split(/[,\s]+/).filter(Boolean);
  else if (type !== 'sse') channel.url = target;
  const mode = $('sub-mode').value === 'digest'
    ? { type: 'digest', digestAt: $('sub-digest-at').value, timeZone: $('sub-tz').value.trim() || 'UTC' }
    : { type: 'realtime', timeZone: $('sub-tz').value.trim() || 'UTC' };
  const topics = [...document.querySelectorAll('#sub-topics input:checked')].map((i) => i.value);
  try {
    const created = await api('POST', '/api/subscriptions', { name: $('sub-name').value.trim(), topics, mode, channel });
    const secret = created.channel.secret ? ` Its signing secret (shown once): ${created.channel.secret}` : '';
    setMessage('subscription-message', `Added ${created.name}.${secret}`, 'ok');
    event.target.reset();
    syncChannelInputs();
    loadSubscriptions();
  } catch (e) {
    setMessage('subscription-message', e.body && e.body.field ? `${e.body.field}: ${e.message}` : e.message, 'bad');
  }
}

async function deleteSubscription(sub) {
  if (!confirm(`Delete the subscription "${sub.name}"?`)) return;
  try {
    await api('DELETE', `/api/subscriptions/${encodeURIComponent(sub.id)}`);
    loadSubscriptions();
  } catch (e) {
    setMessage('subscription-message', e.message, 'bad');
  }
}

function syncChannelInputs() {
  const type = $('sub-channel').value;
  const label = $('sub-target-label');
  const input = $('sub-target');
  label.firstChild.textContent = type === 'email' ? 'Recipients ' : 'URL ';
  input.placeholder = type === 'email' ? 'desk@example.org, editor@example.org'
    : type === 'slack' ? 'https://hooks.slack.com/services/…' : 'https://hooks.example.org/wirewatch';
  input.disabled = type === 'sse';
  if (type === 'sse') input.value = '';
  $('sub-digest-at').disabled = $('sub-mode').value !== 'digest';
}

// ---- feeds

async function loadFeeds() {
  try {
    const page = await api('GET', '/api/feeds?limit=1000');
    const counts = {};
    const body = $('feed-table').tBodies[0];
    body.replaceChildren(...page.items.map((feed) => {
      const health = feed.health || {};
      const stateName = feed.enabled ? health.state || 'unknown' : 'disabled';
      counts[stateName] = (counts[stateName] || 0) + 1;
      return h('tr', { dataset: { feed: feed.id } },
        h('td', {}, h('strong', { text: feed.title || feed.id }), h('span', { class: 'sub', text: feed.url })),
        h('td', {}, h('span', { class: `badge ${stateName}`, text: stateName })),
        h('td', { class: 'feed-mode' }, h('span', { text: health.mode || (feed.type === 'sitemap' || feed.type === 'site' ? 'sitemap' : 'poll') }),
          health.lastPushAt ? h('span', { class: 'sub' }, 'last push ', h('time', { datetime: health.lastPushAt, title: when(health.lastPushAt), text: ago(health.lastPushAt) })) : ''),
        h('td', {}, health.lastPollAt ? h('time', { datetime: health.lastPollAt, title: when(health.lastPollAt), text: ago(health.lastPollAt) }) : '–'),
        h('td', { class: 'num', text: health.itemsPerDay !== undefined ? health.itemsPerDay.toFixed(1) : '–' }),
        h('td', { class: 'num', text: health.articlesPublished !== undefined ? String(health.articlesPublished) : '–' }),
        h('td', { class: 'problem' }, health.lastError ? [
          h('span', { class: 'plain', text: `${plainProblem(health.lastError, health.lastStatus)}${health.consecutiveFailures ? ` (${health.consecutiveFailures} tries in a row)` : ''}` }),
          h('details', {}, h('summary', { text: 'Technical detail' }), h('code', { class: 'error', text: health.lastError }))] : ''),
        h('td', { class: 'num' },
          h('button', { class: 'small', type: 'button', onclick: () => toggleFeed(feed) }, feed.enabled ? 'Pause' : 'Resume'), ' ',
          h('button', { class: 'danger small', type: 'button', onclick: () => deleteFeed(feed) }, 'Delete')));
    }));
    if (!page.items.length) body.append(h('tr', {}, h('td', { colspan: 8, class: 'empty', text: 'No feeds yet.' })));
    $('feed-counts').textContent = Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(' · ');
  } catch (e) {
    if (e.status !== 401) setMessage('feed-message', e.message, 'bad');
  }
}

async function addFeed(event) {
  event.preventDefault();
  const body = { url: $('feed-url').value.trim(), title: $('feed-title').value.trim() || null, language: $('feed-language').value.trim() || null };
  try {
    const feed = await api('POST', '/api/feeds', body);
    setMessage('feed-message', `Added ${feed.title || feed.id}.`, 'ok');
    event.target.reset();
    loadFeeds();
  } catch (e) {
    setMessage('feed-message', e.message, 'bad');
  }
}

async function importOpml() {
  const file = $('opml-file').files[0];
  if (!file) return;
  try {
    const result = await api('POST', '/api/feeds/opml', await file.text(), 'text/x-opml');
    setMessage('feed-message', `Imported ${result.created.length} feed${result.created.length === 1 ? '' : 's'}; skipped ${result.skipped.length}.`, 'ok');
    loadFeeds();
  } catch (e) {
    setMessage('feed-message', e.message, 'bad');
  } finally {
    $('opml-file').value = '';
  }
}

async function toggleFeed(feed) {
  try {
    await api('PUT', `/api/feeds/${encodeURIComponent(feed.id)}`, { enabled: !feed.enabled });
    loadFeeds();
  } catch (e) {
    setMessage('feed-message', e.message, 'bad');
  }
}

async function deleteFeed(feed) {
  if (!confirm(`Delete the feed "${feed.title || feed.id}"?`)) return;
  try {
    await api('DELETE', `/api/feeds/${encodeURIComponent(feed.id)}`);
    loadFeeds();
  } catch (e) {
    setMessage('feed-message', e.message, 'bad');
  }
}

// ---- keyboard

function typing(target) {
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement
    || (target && target.isContentEditable);
}

function onKey(event) {
  if ($('login').open) return;
  const inEditor = event.target && event.target.closest && event.target.closest('#topic-form');
  if ((event.ctrlKey || event.metaKey) && event.key === 'Enter' && inEditor) { event.preventDefault(); runPreview(); return; }
  if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's' && state.view === 'topics') { event.preventDefault(); saveTopic(); return; }
  if (event.key === 'Escape' && typing(event.target)) { event.target.blur(); return; }
  if (typing(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
  const views = { 1: 'live', 2: 'topics', 3: 'subscriptions', 4: 'feeds' };
  if (views[event.key]) { showView(views[event.key]); event.preventDefault(); return; }
  switch (event.key) {
    case '?': $('help').showModal(); break;
    case 'n': showView('topics'); newTopic(true); break;
    case '/':
      if (state.view === 'live') $('mention-topic').focus();
      else if (state.view === 'topics') { const b = document.querySelector('#topic-list button'); if (b) b.focus(); }
      break;
    case 'j': if (state.view === 'live') moveStory(1); else focusSibling(1); break;
    case 'k': if (state.view === 'live') moveStory(-1); else focusSibling(-1); break;
    case 'Enter': {
      const story = document.activeElement && document.activeElement.closest && document.activeElement.closest('.story');
      if (story) story.querySelector('a').click();
      return;
    }
    default: return;
  }
  event.preventDefault();
}

function focusSibling(step) {
  if (state.view !== 'topics') return;
  const buttons = [...document.querySelectorAll('#topic-list button')];
  const i = buttons.indexOf(document.activeElement);
  const next = buttons[Math.max(0, Math.min(buttons.length - 1, i + step))];
  if (next) next.focus();
}

// ---- wiring

function wire() {
  document.querySelectorAll('.tabs button').forEach((tab) => tab.addEventListener('click', () => showView(tab.dataset.view)));
  document.querySelector('.tabs').addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const tabs = [...document.querySelectorAll('.tabs button')];
    const i = tabs.findIndex((t) => t.getAttribute('aria-selected') === 'true');
    const next = tabs[(i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
    showView(next.dataset.view);
    next.focus();
  });
  $('login-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const key = $('api-key').value.trim();
    const me = await tryKey(key);
    if (!me) { $('login-error').textContent = 'This key was refused.'; return; }
    state.key = key;
    localStorage.setItem(KEY_STORAGE, key);
    $('api-key').value = '';
    $('login').close();
    start();
  });
  $('login').addEventListener('cancel', (e) => e.preventDefault());
  $('signout').addEventListener('click', () => signIn(''));
  $('help-button').addEventListener('click', () => $('help').showModal());
  $('mention-topic').addEventListener('change', () => { state.storyCursor = -1; loadMentions(); renderChart(); renderSummary(); });
  document.querySelectorAll('.seg button[data-window]').forEach((b) => b.addEventListener('click', () => { state.window = b.dataset.window; loadStats(); }));
  document.querySelectorAll('.seg button[data-freshness]').forEach((b) => b.addEventListener('click', () => { state.freshnessWindow = b.dataset.freshness; renderFreshness(); }));
  $('new-topic').addEventListener('click', () => newTopic(true));
  $('topic-form').addEventListener('submit', saveTopic);
  $('topic-query').addEventListener('input', scheduleValidate);
  $('topic-name').addEventListener('input', () => {
    if (!state.editing) $('topic-id').placeholder = slug($('topic-name').value) || 'made from the name';
  });
  $('preview-button').addEventListener('click', runPreview);
  $('delete-button').addEventListener('click', deleteTopic);
  $('subscription-form').addEventListener('submit', addSubscription);
  $('sub-channel').addEventListener('change', syncChannelInputs);
  $('sub-mode').addEventListener('change', syncChannelInputs);
  $('feed-form').addEventListener('submit', addFeed);
  $('opml-file').addEventListener('change', importOpml);
  document.addEventListener('keydown', onKey);
  // the demo's URL pasted into a dashboard already open
  window.addEventListener('hashchange', () => {
    if (!keyFromFragment()) return;
    state.key = localStorage.getItem(KEY_STORAGE) || '';
    if ($('login').open) $('login').close();
    if (state.streamAbort) state.streamAbort.abort();
    start();
  });
  window.addEventListener('resize', () => { if (state.view === 'live') renderChart(); });
  setInterval(() => { if (state.key && state.view === 'live') { loadStats(); loadFreshness(); } }, 30000);
  setInterval(() => {
    if (!state.key) return;
    if (state.view === 'feeds') loadFeeds();
    if (state.view === 'subscriptions') loadSubscriptions();
    if (state.view === 'live') document.querySelectorAll('#stories time').forEach((t) => { t.textContent = ago(t.getAttribute('datetime')); });
  }, 20000);
  syncChannelInputs();
}

function slug(name) {
  return fold(name).replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 48);
}

wire();
start();
