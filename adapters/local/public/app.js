// The local workspace page: polls /api/state and renders it; sends what the person types or clicks.
// Message HTML is rendered (and escaped) on the server; everything built here uses textContent.
import { grow, wireSuggestions } from './composer.js';
import { formValues, openForm } from './form.js';

const $ = (id) => document.getElementById(id);
const POLL_MS = 1000;
const view = {
  me: localStorage.getItem('tovholder.me') || '',
  channel: localStorage.getItem('tovholder.channel') || '',
  threadRef: null,
  state: null,
  rendered: { html: null, sidebar: null, people: null },
  busy: false,
};

// ── talking to the server ──────────────────────────────────────────────

async function api(path, body) {
  const response = await fetch(path, {
    method: body ? 'POST' : 'GET',
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(data.error || `Fejl ${response.status}`);
  return data;
}

let requested = 0;
let shown = 0;

async function refresh() {
  const asked = { me: view.me, channel: view.channel, n: ++requested };
  const state = await api(`/api/state?${new URLSearchParams({ as: asked.me, channel: asked.channel })}`);
  // A poll that left before a click (another person, another channel) must not undo the click.
  if (asked.n < shown || asked.me !== view.me || asked.channel !== view.channel) return;
  shown = asked.n;
  view.state = state;
  view.me = state.me;
  if (state.current) view.channel = state.current.ref;
  localStorage.setItem('tovholder.me', view.me);
  localStorage.setItem('tovholder.channel', view.channel);
  render(state);
}

async function poll() {
  try {
    await refresh();
  } catch (error) {
    $('clock').textContent = 'Ingen forbindelse til Tovholder';
  }
  setTimeout(poll, POLL_MS);
}

async function run(work) {
  try {
    const result = await work();
    if (result && result.form) openForm(result.form, view.state ? view.state.people : []);
    await refresh();
    return result;
  } catch (error) {
    toast(error.message, true);
    return null;
  }
}

// ── rendering ──────────────────────────────────────────────────────────

/** The demo's template picker: every registered template, the visitor's choice kept across polls. */
function renderTemplates(templates) {
  const select = $('demo-template');
  const key = templates.map((t) => t.id).join(',');
  if (!select || select.dataset.key === key) return;
  const chosen = select.value;
  select.replaceChildren(...templates.map((t) => new Option(t.name, t.id, false, t.id === chosen)));
  select.dataset.key = key;
  describeDemo();
}

/** What the demo will create: the seed's four partnerships, or groups and people fitting the picked template. */
function describeDemo() {
  const select = $('demo-template');
  const what = $('demo-what');
  if (!select || !what) return;
  what.dataset.legacyHtml ??= what.innerHTML;
  if (select.value === 'smaa-partnerskaber') {
    what.innerHTML = what.dataset.legacyHtml;
    return;
  }
  const name = document.createElement('strong');
  name.textContent = `${select.selectedOptions[0]?.textContent ?? select.value} Nordjylland`;
  what.replaceChildren('Opretter ', name, ' med grupper, kommuner og personer, der passer til skabelonen.');
}

function render(state) {
  renderTemplates(state.templates || []);
  document.title = `${state.current ? title(state.current) : 'Tovholder'} · ${state.workspace}`;
  $('ws-name').textContent = state.workspace;
  renderClock(state);
  renderPeople(state);
  renderSidebar(state);
  renderChannel(state);
}

function title(channel) {
  return channel.kind === 'direct' ? channel.label : `# ${channel.label}`;
}

function renderClock(state) {
  $('clock').textContent = state.nowLabel;
  $('clock').dateTime = state.now;
  for (const button of document.querySelectorAll('[data-time]')) {
    button.disabled = view.busy || !state.timeControl || (button.dataset.time === 'next' && !state.next);
    if (!state.timeControl) button.title = 'Tiden kan kun spoles, når det lokale arbejdsrum er den eneste platform';
  }
  const next = $('next');
  next.textContent = '';
  next.hidden = !state.next;
  if (state.next) {
    const label = document.createElement('span');
    label.className = 'clock-label';
    label.textContent = 'Næste aktivitet';
    const strong = document.createElement('strong');
    strong.textContent = state.next.label;
    next.append(label, strong);
    next.title = state.next.label;
    $('next-button').title = `Spol frem til ${state.next.label}`;
  }
}

function renderPeople(state) {
  const key = JSON.stringify([state.people, state.me]);
  if (view.rendered.people === key) return;
  view.rendered.people = key;
  const select = $('whoami');
  select.textContent = '';
  for (const person of state.people) {
    const option = new Option(person.name, person.ref, false, person.ref === state.me);
    option.title = person.title;
    select.append(option);
  }
  const me = state.people.find((p) => p.ref === state.me);
  const card = $('me-card');
  card.textContent = '';
  if (me) {
    card.append(avatar(me));
    const text = document.createElement('div');
    const who = document.createElement('div');
    who.className = 'who';
    who.textContent = me.name;
    const sub = document.createElement('div');
    sub.className = 'title';
    sub.textContent = me.title;
    text.append(who, sub);
    card.append(text);
  }
}

function avatar(person) {
  const el = document.createElement('div');
  el.className = `avatar c${person.colour}`;
  el.textContent = person.name.split(/\s+/).map((w) => w[0]).slice(0, 2).join('').toUpperCase();
  el.title = person.name;
  return el;
}

function seen() {
  try {
    return JSON.parse(localStorage.getItem(`tovholder.seen.${view.me}`) || '{}');
  } catch {
    return {};
  }
}

function markSeen(channel) {
  const marks = seen();
  if (marks[channel.ref] === channel.lastSeq) return;
  marks[channel.ref] = channel.lastSeq;
  localStorage.setItem(`tovholder.seen.${view.me}`, JSON.stringify(marks));
}

function renderSidebar(state) {
  if (state.current) markSeen(state.current);
  const marks = seen();
  const key = JSON.stringify([state.channels, state.current && state.current.ref, marks]);
  if (view.rendered.sidebar === key) return;
  view.rendered.sidebar = key;
  fill($('channels'), state.channels.filter((c) => c.kind === 'channel'), marks, 'Ingen kanaler endnu');
  fill($('dms'), state.channels.filter((c) => c.kind === 'direct'), marks, 'Ingen samtaler endnu');
}

function fill(list, channels, marks, empty) {
  list.textContent = '';
  if (channels.length === 0) {
    const li = document.createElement('li');
    li.className = 'side-empty';
    li.textContent = empty;
    list.append(li);
  }
  for (const { channel, parent } of grouped(channels)) {
    const li = document.createElement('li');
    const a = document.createElement('a');
    a.href = `#${channel.ref}`;
    a.dataset.channel = channel.ref;
    a.title = channel.topic || channel.label;
    const active = view.state.current && view.state.current.ref === channel.ref;
    const unread = !active && channel.lastSeq > (marks[channel.ref] || 0);
    if (active) a.classList.add('active');
    if (unread) a.classList.add('unread');
    const icon = document.createElement('span');
    icon.className = channel.kind === 'direct' ? 'dm-dot' : 'hash';
    icon.textContent = channel.kind === 'direct' ? 'T' : '#';
    const label = document.createElement('span');
    label.className = 'label';
    label.textContent = parent ? channel.label.slice(parent.label.length + 1) : channel.label;
    if (parent) a.classList.add('sub');
    a.append(icon, label);
    if (unread) {
      const dot = document.createElement('span');
      dot.className = 'badge-dot';
      a.append(dot);
    }
    li.append(a);
    list.append(li);
  }
}

/** A partnership's channel is named after its programme's: it is shown under it, by its own part. */
function grouped(channels) {
  const parentOf = (ch) =>
    channels.filter((c) => c !== ch && ch.label.startsWith(`${c.label}-`)).sort((a, b) => b.label.length - a.label.length)[0];
  const emit = (channel) => [{ channel, parent: parentOf(channel) }, ...channels.filter((c) => parentOf(c) === channel).flatMap(emit)];
  return channels.filter((c) => !parentOf(c)).flatMap(emit);
}

function renderChannel(state) {
  const current = state.current;
  $('channel-title').textContent = current ? title(current) : '';
  $('channel-topic').textContent = current ? [current.topic, current.purpose].filter(Boolean).join(' · ') : '';
  const members = $('channel-members');
  members.textContent = '';
  if (current) {
    const people = state.people.filter((p) => current.memberNames.includes(p.name)).slice(0, 5);
    for (const p of people) members.append(avatar(p));
    const count = document.createElement('span');
    count.className = 'count';
    count.textContent = `${current.members} medlemmer`;
    members.append(count);
  }
  $('text').placeholder = current ? (current.kind === 'direct' ? `Skriv til ${current.label}` : `Skriv i #${current.label}`) : '';
  $('welcome').hidden = !(state.programmes === 0 && current && current.ref === 'C-generelt');
  if (view.rendered.html === state.html) return;
  const box = $('messages');
  const atBottom = view.rendered.html === null || box.scrollHeight - box.scrollTop - box.clientHeight < 80;
  view.rendered.html = state.html;
  $('list').innerHTML = state.html;
  if (atBottom) box.scrollTop = box.scrollHeight;
}

// ── actions ────────────────────────────────────────────────────────────

/** Sends the typed text; if the bot refuses it, the text (and the thread) come back into the box. */
async function send(text) {
  const threadRef = view.threadRef;
  setThread(null);
  const result = await run(() => api('/api/send', { as: view.me, channel: view.channel, text, threadRef }));
  if (result === null && !$('text').value) {
    $('text').value = text;
    grow($('text'));
    setThread(threadRef);
  }
}

function setThread(ref) {
  view.threadRef = ref;
  $('replying').hidden = !ref;
  if (ref) $('text').focus();
}

function switchChannel(ref) {
  if (ref === view.channel) return;
  view.channel = ref;
  view.rendered.html = null;
  setThread(null);
  run(async () => null);
}

async function moveTime(step) {
  view.busy = true;
  $('timebar').classList.add('busy');
  if (view.state) renderClock(view.state);
  const result = await run(() => api('/api/time', { step }));
  view.busy = false;
  $('timebar').classList.remove('busy');
  if (view.state) renderClock(view.state);
  if (result) toast(result.arrived ? `Nu: ${result.arrived}` : `Tiden er nu ${view.state.nowLabel}`);
}

// ── wiring ─────────────────────────────────────────────────────────────

let toastTimer = null;
function toast(message, error = false) {
  const el = $('toast');
  el.textContent = message;
  el.className = error ? 'toast error' : 'toast';
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (el.hidden = true), error ? 6000 : 3500);
}

function wire() {
  $('composer').addEventListener('submit', (event) => {
    event.preventDefault();
    const text = $('text').value;
    if (!text.trim()) return;
    $('text').value = '';
    grow($('text'));
    send(text);
  });
  wireSuggestions($('text'), $('suggest'), () => (view.state ? view.state.people : []), () => $('composer').requestSubmit());
  $('cancel-reply').addEventListener('click', () => setThread(null));

  document.querySelector('.sidebar').addEventListener('click', (event) => {
    const link = event.target.closest('[data-channel]');
    if (!link) return;
    event.preventDefault();
    switchChannel(link.dataset.channel);
  });
  $('whoami').addEventListener('change', (event) => {
    view.me = event.target.value;
    view.rendered.html = null;
    setThread(null);
    run(async () => null);
  });
  for (const button of document.querySelectorAll('[data-time]')) {
    button.addEventListener('click', () => moveTime(button.dataset.time));
  }
  $('demo-template').addEventListener('change', describeDemo);
  $('start-demo').addEventListener('click', (event) => {
    event.target.disabled = true;
    const template = $('demo-template').value;
    run(() => api('/api/demo', { as: view.me, channel: view.channel, template })).finally(() => (event.target.disabled = false));
  });
  $('list').addEventListener('click', onMessageClick);
  $('form-cancel').addEventListener('click', () => $('form-dialog').close());
  $('form').addEventListener('submit', (event) => {
    event.preventDefault();
    const dialog = $('form-dialog');
    const body = { as: view.me, channel: view.channel, formId: dialog.dataset.formId, state: dialog.dataset.state, values: formValues() };
    dialog.close();
    run(() => api('/api/form', body));
  });
}

function onMessageClick(event) {
  const button = event.target.closest('button');
  if (!button) return;
  if (button.dataset.actionId) {
    const group = button.closest('.b-actions');
    for (const b of group.querySelectorAll('button')) b.disabled = true;
    run(() =>
      api('/api/action', { as: view.me, channel: view.channel, messageRef: button.dataset.message, actionId: button.dataset.actionId, value: button.dataset.value }),
    ).finally(() => {
      for (const b of group.querySelectorAll('button')) b.disabled = false;
    });
  } else if (button.dataset.reply) {
    setThread(button.dataset.reply);
  } else if (button.dataset.dismiss) {
    run(() => api('/api/dismiss', { as: view.me, messageRef: button.dataset.dismiss }));
  }
}

wire();
poll();
