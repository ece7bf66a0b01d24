// cohortflow dashboard: a runs list (#/) and a run page (#/runs/<runId>) with a stage × site grid,
// kept live by the server's Server-Sent Events. Plain DOM, no framework; all text via textContent.
'use strict';

const view = document.getElementById('view');
const conn = document.getElementById('conn');
const toast = document.getElementById('toast');

const STATE_LABEL = {
  pending: 'pending', running: 'running', 'waiting-approval': 'awaiting approval', done: 'done',
  cached: 'cached', failed: 'failed', cancelled: 'cancelled', skipped: 'skipped',
  completed: 'completed', paused: 'paused', terminated: 'terminated', timed_out: 'timed out',
};

/** Current page's clean-up (event stream, timers). */
let teardown = () => {};
/** From GET /api/config: a read-only dashboard shows no buttons. */
let config = { readOnly: false };

function el(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k === 'data') for (const [dk, dv] of Object.entries(v)) { if (dv !== undefined) e.dataset[dk] = String(dv); }
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== undefined && c !== null && c !== false) e.append(c instanceof Node ? c : String(c));
  return e;
}

function badge(state) {
  return el('span', { class: `badge s-${state}`, text: STATE_LABEL[state] ?? state });
}

function fmtDuration(ms) {
  if (!(ms >= 0)) return '';
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} m ${String(Math.round(s % 60)).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} m`;
}

/** A duration that keeps counting while it has no end. */
function duration(start, end) {
  if (!start) return el('span', { class: 'dur muted', text: '' });
  const span = el('span', { class: 'dur', title: end ? 'duration' : 'running for', data: { start, end } });
  tickDuration(span);
  return span;
}
function tickDuration(span) {
  const { start, end } = span.dataset;
  span.textContent = fmtDuration((end ? Date.parse(end) : Date.now()) - Date.parse(start));
}

function fmtTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return d.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

let toastTimer;
function showToast(message, kind = 'error') {
  toast.textContent = message;
  toast.className = `toast ${kind}`;
  toast.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { toast.hidden = true; }, kind === 'ok' ? 2500 : 8000);
}

function setConn(text, kind) {
  conn.textContent = text;
  conn.className = `conn ${kind ?? ''}`;
}

async function getJson(url) {
  const res = await fetch(url, { headers: { Accept: 'application/json' } });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(body.error ?? `${res.status} ${res.statusText}`);
  return body;
}

/**
 * Brings the DOM under `from` to match `to`, keeping every element whose tag is unchanged: a live
 * update does not replace the button under the pointer (a click spans mousedown and mouseup) nor
 * the element with focus. Listeners are not copied: the page's only handler is delegated on `view`.
 */
function morph(from, to) {
  if (from.nodeType !== to.nodeType || from.nodeName !== to.nodeName) { from.replaceWith(to); return; }
  if (from.nodeType === Node.TEXT_NODE) { if (from.nodeValue !== to.nodeValue) from.nodeValue = to.nodeValue; return; }
  if (from.nodeType !== Node.ELEMENT_NODE) { from.replaceWith(to); return; }
  for (const a of [...from.attributes]) if (!to.hasAttribute(a.name)) from.removeAttribute(a.name);
  for (const a of [...to.attributes]) {
    if (a.name === 'style') { if (from.style.cssText !== to.style.cssText) from.style.cssText = to.style.cssText; } // CSSOM: CSP allows no style attributes
    else if (from.getAttribute(a.name) !== a.value) from.setAttribute(a.name, a.value);
  }
  const fc = [...from.childNodes];
  const tc = [...to.childNodes];
  tc.forEach((c, i) => (i < fc.length ? morph(fc[i], c) : from.appendChild(c)));
  for (const c of fc.slice(tc.length)) c.remove();
}

/** Shows `tree` in the view, morphing the page in place when it is the same page (`data-page`). */
function paint(tree) {
  const current = view.firstElementChild;
  if (view.childElementCount === 1 && current.dataset.page && current.dataset.page === tree.dataset.page) morph(current, tree);
  else view.replaceChildren(tree);
}

// Every button of the page: data-action, data-run, and data-stage/data-site where they apply.
view.addEventListener('click', (ev) => {
  const b = ev.target instanceof Element ? ev.target.closest('button[data-action]') : null;
  if (!b) return;
  const { action, run, stage, site } = b.dataset;
  post(run, action, action === 'approve' ? { stage, site } : action === 'cancel-stage' ? { stage } : {});
});

async function post(runId, action, body = {}) {
  try {
    const res = await fetch(`/api/runs/${encodeURIComponent(runId)}/${action}`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
    });
    const out = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(out.error ?? `${res.status} ${res.statusText}`);
    showToast(`${action} sent`, 'ok');
  } catch (e) {
    showToast(`${action} failed: ${e.message}`);
  }
}

// ---------------------------------------------------------------- runs list

function renderRuns(runs) {
  if (!runs.length) {
    return el('section', { class: 'empty', data: { page: 'runs-empty' } },
      el('h1', { text: 'Runs' }),
      el('p', {}, 'No runs yet. Start one with ', el('code', { text: 'npm run demo' }), ' or ', el('code', { text: 'cohortflow run <study>' }), '.'));
  }
  const rows = runs.map((r) => el('tr', { data: { run: r.runId, state: r.status } },
    el('td', {}, el('a', { href: `#/runs/${encodeURIComponent(r.runId)}`, text: r.runId })),
    el('td', { text: r.studyId }),
    el('td', {}, badge(r.status)),
    el('td', { class: 'num', text: fmtTime(r.startedAt) }),
    el('td', { class: 'num' }, duration(r.startedAt, r.endedAt))));
  const counts = {};
  for (const r of runs) counts[r.status] = (counts[r.status] ?? 0) + 1;
  return el('section', { data: { page: 'runs' } },
    el('div', { class: 'title-row' },
      el('h1', { text: 'Runs' }),
      el('p', { class: 'muted', text: Object.entries(counts).map(([k, n]) => `${n} ${STATE_LABEL[k] ?? k}`).join(' · ') })),
    el('table', { class: 'runs' },
      el('thead', {}, el('tr', {}, ['Run', 'Study', 'Status', 'Started', 'Duration'].map((h) => el('th', { scope: 'col', text: h })))),
      el('tbody', {}, rows)));
}

function showRuns() {
  document.title = 'Runs · cohortflow';
  let stopped = false;
  let timer;
  const load = async () => {
    try {
      const runs = await getJson('/api/runs');
      if (stopped) return;
      paint(renderRuns(runs));
      setConn('● live', 'live');
    } catch (e) {
      if (stopped) return;
      setConn('disconnected', 'down');
      if (!view.querySelector('table')) view.replaceChildren(el('p', { class: 'error', text: `Cannot list runs: ${e.message}` }));
    }
    if (!stopped) timer = setTimeout(load, 3000);
  };
  load();
  return () => { stopped = true; clearTimeout(timer); };
}

// ---------------------------------------------------------------- run page

/** Sites in the order the stages name them. */
function siteColumns(status) {
  const sites = [];
  for (const st of status.stages) for (const s of Object.keys(st.sites)) if (!sites.includes(s)) sites.push(s);
  return sites;
}

function progressBar(done, total, label) {
  const pct = total ? Math.min(100, Math.round((done / total) * 100)) : 0;
  const fill = el('div', { class: 'fill' });
  fill.style.width = `${pct}%`; // CSSOM, not a style attribute: the page's CSP allows no inline styles
  return el('div', { class: 'progress-row' },
    el('div', { class: 'progress', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': total, 'aria-valuenow': done, 'aria-label': label }, fill),
    el('span', { class: 'progress-text', title: 'cases done / total', text: total ? `${done} / ${total}` : '— / —' }));
}

function siteCell(status, st, site, p) {
  const facts = [];
  if (st.kind === 'site' && p.total) facts.push(progressBar(p.done, p.total, `${st.name} at ${site}: ${p.done} of ${p.total} cases`));
  else if (p.total) facts.push(el('div', { class: 'fact', text: `n = ${p.total} cases` }));
  const meta = [];
  if (p.quarantined) meta.push(el('span', { class: 'quarantined', title: 'cases quarantined (bad data; the stage went on without them)', text: `⚠ ${p.quarantined} quarantined` }));
  if (p.attempts > 1) meta.push(el('span', { class: 'attempts', title: 'attempts (retries after infrastructure errors)', text: `↻ ${p.attempts} attempts` }));
  else if (p.attempts === 1) meta.push(el('span', { class: 'muted', text: '1 attempt' }));
  if (p.startedAt || (st.kind !== 'site' && st.startedAt)) meta.push(duration(p.startedAt ?? st.startedAt, p.endedAt ?? (p.state === 'running' ? undefined : st.endedAt)));
  return el('td', { class: `cell s-${p.state}`, data: { stage: st.name, site, state: p.state } },
    el('div', { class: 'cell-head' }, badge(p.state)),
    facts,
    meta.length ? el('div', { class: 'meta' }, meta) : null,
    p.lastError ? el('div', { class: 'cell-error', title: p.lastError, text: p.lastError }) : null,
    p.state === 'waiting-approval' && !config.readOnly
      ? el('button', { type: 'button', class: 'approve', data: { action: 'approve', run: status.runId, stage: st.name, site }, text: 'Approve' })
      : null);
}

function stageHeader(st) {
  return el('th', { scope: 'row', class: `stage s-${st.state}`, data: { stage: st.name, state: st.state } },
    el('div', { class: 'stage-name' }, el('span', { text: st.name }), badge(st.state)),
    el('div', { class: 'stage-type' },
      el('span', { class: `kind k-${st.kind}`, text: st.kind }), ' ', el('code', { text: st.type }),
    ),
    el('div', { class: 'stage-meta' },
      st.round !== undefined && st.round !== null ? el('span', { class: 'round', title: 'federated round (1-based)', text: `round ${st.round + 1}` }) : null,
      st.startedAt ? duration(st.startedAt, st.endedAt) : null),
    st.error ? el('div', { class: 'cell-error', title: st.error, text: st.error }) : null);
}

function renderRun(status, live) {
  const sites = siteColumns(status);
  const stagesDone = status.stages.filter((s) => s.state === 'done').length;
  const canControl = !config.readOnly && (status.state === 'running' || status.state === 'paused');
  const grid = el('table', { class: 'grid', 'aria-label': 'stage × site grid' },
    el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: 'stage' }), sites.map((s) => el('th', { scope: 'col', class: 'site', data: { site: s }, text: s })))),
    el('tbody', {}, status.stages.map((st) => {
      if (st.kind === 'central') {
        return el('tr', { data: { stage: st.name } }, stageHeader(st),
          el('td', { class: `cell central s-${st.state}`, colspan: Math.max(1, sites.length), data: { stage: st.name, site: 'coordinator', state: st.state } },
            el('div', { class: 'cell-head' }, badge(st.state), el('span', { class: 'muted', text: ' at the coordinator' })),
            st.startedAt ? el('div', { class: 'meta' }, duration(st.startedAt, st.endedAt)) : null));
      }
      return el('tr', { data: { stage: st.name } }, stageHeader(st),
        sites.map((site) => (st.sites[site] ? siteCell(status, st, site, st.sites[site]) : el('td', { class: 'cell na', title: `${st.name} does not run at ${site}`, text: 'not at this site' }))));
    })));
  const errors = [];
  for (const st of status.stages) {
    const siteErrors = new Set(Object.values(st.sites).map((p) => p.lastError));
    if (st.error && !siteErrors.has(st.error)) errors.push(el('li', {}, el('b', { text: st.name }), `: ${st.error}`));
    for (const [site, p] of Object.entries(st.sites)) if (p.lastError) errors.push(el('li', {}, el('b', { text: `${st.name} @ ${site}` }), `: ${p.lastError}`));
  }
  return el('section', { class: 'run', data: { page: `run:${status.runId}`, run: status.runId, state: status.state } },
    el('p', { class: 'crumbs' }, el('a', { href: '#/', text: '← all runs' })),
    el('div', { class: 'title-row' },
      el('h1', {}, el('span', { class: 'muted', text: `${status.studyId} / ` }), status.runId),
      badge(status.paused && status.state !== 'paused' ? 'paused' : status.state),
      canControl ? el('div', { class: 'controls' },
        status.paused
          ? el('button', { type: 'button', data: { action: 'resume', run: status.runId }, text: '▶ Resume' })
          : el('button', { type: 'button', data: { action: 'pause', run: status.runId }, text: '❚❚ Pause' })) : null),
    el('p', { class: 'summary' },
      `started ${fmtTime(status.startedAt)} · `, duration(status.startedAt, status.endedAt),
      ` · ${stagesDone} of ${status.stages.length} stages done · ${sites.length} sites`,
      live ? el('span', { class: 'muted', text: ` · ${live}` }) : null),
    el('div', { class: 'grid-wrap' }, grid),
    el('ul', { class: 'legend', 'aria-label': 'legend' }, ['pending', 'running', 'waiting-approval', 'done', 'cached', 'failed', 'cancelled', 'skipped'].map((s) => el('li', {}, badge(s)))),
    errors.length ? el('section', { class: 'errors' }, el('h2', { text: 'Errors' }), el('ul', {}, errors)) : null);
}

function showRun(runId) {
  document.title = `${runId} · cohortflow`;
  let status;
  let ended = false;
  const repaint = () => { if (status) paint(renderRun(status, ended ? 'final' : 'live')); };
  const ticker = setInterval(() => { for (const s of view.querySelectorAll('.dur[data-start]:not([data-end])')) tickDuration(s); }, 1000);
  setConn('connecting…', '');
  const es = new EventSource(`/api/runs/${encodeURIComponent(runId)}/events`);
  es.addEventListener('status', (ev) => {
    status = JSON.parse(ev.data);
    repaint();
    setConn(ended ? 'final' : '● live', ended ? '' : 'live');
  });
  es.addEventListener('problem', (ev) => {
    const { message } = JSON.parse(ev.data);
    if (!status) view.replaceChildren(el('p', { class: 'muted', text: `Waiting for the run's status: ${message}` }));
    else showToast(message);
  });
  es.addEventListener('end', () => {
    ended = true;
    es.close();
    repaint();
    setConn('run ended', '');
    document.body.dataset.final = 'true';
  });
  es.onerror = () => {
    if (ended) return;
    // EventSource reconnects by itself; a 404 closes it for good.
    if (es.readyState === EventSource.CLOSED) {
      getJson(`/api/runs/${encodeURIComponent(runId)}`).catch((e) => view.replaceChildren(
        el('p', { class: 'crumbs' }, el('a', { href: '#/', text: '← all runs' })),
        el('p', { class: 'error', text: e.message })));
      setConn('disconnected', 'down');
    } else setConn('reconnecting…', 'down');
  };
  return () => { es.close(); clearInterval(ticker); delete document.body.dataset.final; };
}

// ---------------------------------------------------------------- routing

function route() {
  teardown();
  toast.hidden = true;
  const m = /^#\/runs\/(.+)$/.exec(location.hash);
  teardown = m ? showRun(decodeURIComponent(m[1])) : showRuns();
}

window.addEventListener('hashchange', route);
getJson('/api/config')
  .then((c) => { config = c; if (c.readOnly) document.querySelector('nav').append(el('span', { class: 'tag', title: 'started with --read-only: no pause, resume or approve from here', text: 'read-only' })); })
  .catch(() => { /* an older server: keep the defaults */ })
  .finally(route);
