/* eventwire explorer: a small single-page app over the read-only REST API.
 *
 * Safety rule of this file: text from the database only ever reaches the page through
 * textContent, createTextNode or attribute setters (never innerHTML), so a document that
 * contains markup shows that markup as text.
 */
'use strict';

const SVGNS = 'http://www.w3.org/2000/svg';
const FAMILY = {
  AGREE: 't-coop', CONSULT: 't-coop', SUPPORT: 't-coop', CONCEDE: 't-coop',
  COOPERATE: 't-mcoop', AID: 't-mcoop', RETREAT: 't-mcoop', REQUEST: 't-req',
  ACCUSE: 't-vconf', REJECT: 't-vconf', THREATEN: 't-vconf', PROTEST: 't-vconf',
  SANCTION: 't-mconf', MOBILIZE: 't-mconf', COERCE: 't-mconf', ASSAULT: 't-mconf',
};
const SECTOR_NAMES = {
  GOV: 'government', MIL: 'military', COP: 'police', SPY: 'intelligence', LEG: 'legislature', JUD: 'judiciary',
  ELI: 'elite (former officials)', REB: 'rebels', OPP: 'opposition', PTY: 'party', CVL: 'civilians',
  BUS: 'business', MED: 'media', JRN: 'journalists', NGO: 'NGO', IGO: 'international organization',
  REL: 'religious', LAB: 'labour', EDU: 'education', HLH: 'health', CRM: 'criminals', PRM: 'paramilitary',
  UAF: 'unidentified armed forces', REF: 'refugees',
};
let META = null;

/* ---------- small helpers ---------- */
function el(tag, attrs, ...kids) {
  const node = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') node.className = v;
      else if (k === 'text') node.textContent = v;
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? '' : String(v));
    }
  }
  for (const kid of kids.flat(Infinity)) {
    if (kid === null || kid === undefined || kid === false) continue;
    node.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
  }
  return node;
}
function svg(tag, attrs, ...kids) {
  const node = document.createElementNS(SVGNS, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined) continue;
    if (k === 'text') node.textContent = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, String(v));
  }
  for (const kid of kids.flat(Infinity)) if (kid) node.append(kid);
  return node;
}
function stitle(text) { return svg('title', { text }); }
const fmt = (n) => (n === null || n === undefined ? '–' : Number(n).toLocaleString('en-US'));
const fmtScore = (s) => (s === null || s === undefined ? '–' : (s > 0 ? '+' : '') + Number(s).toFixed(1));
function countryName(code) {
  if (!code || !META) return code || '';
  const c = META.countries.find((x) => x.code === code);
  return c && c.name ? c.name : code;
}
function hashFor(view, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== '' && v !== null && v !== undefined && v !== false) q.set(k, v);
  const s = q.toString();
  return '#/' + view + (s ? '?' + s : '');
}
function go(view, params) { location.hash = hashFor(view, params); }
function route() {
  const h = location.hash.replace(/^#\/?/, '');
  const i = h.indexOf('?');
  const view = (i === -1 ? h : h.slice(0, i)) || 'events';
  const params = Object.fromEntries(new URLSearchParams(i === -1 ? '' : h.slice(i + 1)));
  return { view, params };
}
async function api(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== '' && v !== null && v !== undefined) q.set(k, v);
  const url = path + (q.toString() ? '?' + q.toString() : '');
  const r = await fetch(url, { headers: { Accept: 'application/json' } });
  if (!r.ok) {
    let msg = r.status + ' ' + r.statusText;
    try {
      const j = await r.json();
      if (j.detail) msg = typeof j.detail === 'string' ? j.detail : j.detail.map((d) => (d.loc || []).slice(-1)[0] + ': ' + d.msg).join('; ');
    } catch (e) { /* not JSON */ }
    throw new Error(msg);
  }
  return r.json();
}
function typeBadge(type) { return el('span', { class: 'badge ' + (FAMILY[type] || 't-req'), text: type }); }
function party(a) {
  const label = a.name || a.text;
  const code = [a.country || '?', (a.sectors || []).join('/')].filter(Boolean).join(' ');
  return el('span', { class: 'party', title: `${a.text} → ${a.name || '–'}, ${countryName(a.country) || 'country unknown'}` +
      `${a.sectors && a.sectors.length ? ', ' + a.sectors.map((s) => SECTOR_NAMES[s] || s).join(', ') : ''} (${a.resolved_from})` },
    label, el('span', { class: 'chip', text: code }));
}
function whoWhom(actors, recipients) {
  const side = (list) => (list && list.length ? list.map((a, i) => [i ? ', ' : '', party(a)]) : [el('span', { class: 'sub', text: '–' })]);
  return el('span', { class: 'who' }, side(actors), el('span', { class: 'arrowsep', text: '→' }), side(recipients));
}
function sentenceWithTrigger(sentence, trigger) {
  const s = sentence || {};
  const text = s.text || '';
  const t = trigger || {};
  const a = (t.start ?? 0) - (s.start ?? 0);
  const b = (t.end ?? 0) - (s.start ?? 0);
  if (a < 0 || b > text.length || a >= b) return el('span', { text });
  return el('span', null, text.slice(0, a), el('span', { class: 'trig', text: text.slice(a, b) }), text.slice(b));
}
function contextTags(ctx) { return (ctx || []).map((c) => el('span', { class: 'ctx', text: c })); }
function message(kind, text) { return el('p', { class: kind, text }); }
function pager(total, limit, offset, onPage) {
  limit = Number(limit); offset = Number(offset);
  const from = total ? offset + 1 : 0;
  const to = Math.min(offset + limit, total);
  return el('div', { class: 'pager' },
    el('span', { class: 'sub', text: `${fmt(from)}–${fmt(to)} of ${fmt(total)}` }),
    el('button', { class: 'btn', type: 'button', disabled: offset <= 0, onclick: () => onPage(Math.max(0, offset - limit)) }, '‹ Prev'),
    el('button', { class: 'btn', type: 'button', disabled: offset + limit >= total, onclick: () => onPage(offset + limit) }, 'Next ›'));
}
function input(name, value, attrs) {
  return el('input', Object.assign({ name, value: value || '', type: 'text', autocomplete: 'off' }, attrs || {}));
}
function select(name, value, options, attrs) {
  const s = el('select', Object.assign({ name }, attrs || {}));
  for (const [v, label] of options) {
    const o = el('option', { value: v, text: label });
    if (String(v) === String(value ?? '')) o.selected = true;
    s.append(o);
  }
  return s;
}
function field(label, control) { return el('label', null, label, control); }
function countryList(id) {
  const dl = el('datalist', { id });
  for (const c of (META ? META.countries : [])) dl.append(el('option', { value: c.code, text: `${c.name || c.code} (${c.events})` }));
  return dl;
}
function sectorList(id) {
  const dl = el('datalist', { id });
  for (const s of (META ? META.sectors : [])) dl.append(el('option', { value: s.code, text: SECTOR_NAMES[s.code] || s.code }));
  return dl;
}
function typeOptions(withAll) {
  const opts = withAll ? [['', 'all types']] : [];
  for (const t of (META ? META.all_types : [])) opts.push([t, t]);
  return opts;
}
function formParams(form) {
  const out = {};
  for (const [k, v] of new FormData(form).entries()) if (String(v).trim() !== '') out[k] = String(v).trim();
  return out;
}

/* ---------- tooltip ---------- */
const TIP = { el: null, content: new WeakMap() };
function attachTip(node, build) { TIP.content.set(node, build); node.setAttribute('data-tip', ''); }
function setupTips() {
  TIP.el = document.getElementById('tip');
  document.addEventListener('mouseover', (ev) => {
    const node = ev.target.closest && ev.target.closest('[data-tip]');
    if (!node) { TIP.el.hidden = true; return; }
    const build = TIP.content.get(node);
    if (!build) return;
    TIP.el.replaceChildren(build());
    TIP.el.hidden = false;
    placeTip(ev);
  });
  document.addEventListener('mousemove', (ev) => { if (!TIP.el.hidden) placeTip(ev); });
  document.addEventListener('scroll', () => { TIP.el.hidden = true; }, true);
}
function placeTip(ev) {
  const t = TIP.el;
  const w = t.offsetWidth, h = t.offsetHeight;
  let x = ev.clientX + 14, y = ev.clientY + 16;
  if (x + w > window.innerWidth - 8) x = Math.max(8, ev.clientX - w - 14);
  if (y + h > window.innerHeight - 8) y = Math.max(8, ev.clientY - h - 16);
  t.style.left = x + 'px';
  t.style.top = y + 'px';
}

/* ---------- header ---------- */
async function loadMeta() {
  META = await api('/api/meta');
  const s = document.getElementById('stats');
  const docs = Object.values(META.documents).reduce((a, b) => a + b, 0);
  s.replaceChildren(
    el('b', { text: fmt(docs) }), ' documents · ', el('b', { text: fmt(META.events) }), ' event reports · ',
    el('b', { text: fmt(META.clusters) }), ' events after deduplication · ', el('b', { text: fmt(META.quotes) }), ' quotes');
  s.title = `clusters ${META.clusters_source}; ${fmt(META.multi_report_clusters)} events are told by more than one document`;
}

/* ---------- view: events ---------- */
async function viewEvents(main, p) {
  const params = Object.assign({ limit: 50, offset: 0, sort: 'date', order: 'desc' }, p);
  const form = el('form', { class: 'filters', id: 'event-filters', role: 'search' },
    field('Search sentences', input('q', params.q, { type: 'search', class: 'wide', placeholder: 'words…' })),
    field('Type', select('type', params.type, typeOptions(true))),
    field('Mode', input('mode', params.mode, { placeholder: 'e.g. arrest', style: null })),
    field('Actor country', input('actor_country', params.actor_country, { class: 'code', list: 'dl-countries', maxlength: 3, placeholder: 'USA' })),
    field('Actor sector', input('actor_sector', params.actor_sector, { class: 'code', list: 'dl-sectors', maxlength: 3, placeholder: 'GOV' })),
    field('Recipient country', input('recipient_country', params.recipient_country, { class: 'code', list: 'dl-countries', maxlength: 3 })),
    field('Recipient sector', input('recipient_sector', params.recipient_sector, { class: 'code', list: 'dl-sectors', maxlength: 3 })),
    field('Actor name', input('actor', params.actor, { placeholder: 'e.g. Putin' })),
    field('From', input('date_from', params.date_from, { class: 'date', placeholder: 'YYYY-MM-DD' })),
    field('To', input('date_to', params.date_to, { class: 'date', placeholder: 'YYYY-MM-DD' })),
    el('label', { class: 'check' }, el('input', { type: 'checkbox', name: 'unique', value: 'true', checked: params.unique === 'true' }), 'one row per event (cluster)'),
    el('label', { class: 'check' }, el('input', { type: 'checkbox', name: 'negated', value: 'exclude', checked: params.negated === 'exclude' }), 'hide negated'),
    el('button', { class: 'btn primary', type: 'submit' }, 'Filter'),
    el('button', { class: 'btn', type: 'button', onclick: () => go('events', {}) }, 'Clear'),
    countryList('dl-countries'), sectorList('dl-sectors'));
  if (params.cluster) form.append(el('input', { type: 'hidden', name: 'cluster', value: params.cluster }));
  if (params.doc_id) form.append(el('input', { type: 'hidden', name: 'doc_id', value: params.doc_id }));
  if (params.country) form.append(el('input', { type: 'hidden', name: 'country', value: params.country }));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const f = formParams(form);
    go('events', Object.assign(f, { sort: params.sort, order: params.order }));
  });
  const head = el('h1', null, 'Events ', el('span', { class: 'sub', text: '· every report of an action, coded in PLOVER' }));
  const box = el('div', { id: 'event-results' }, el('p', { class: 'loading', text: 'Loading…' }));
  main.replaceChildren(head, form, box);
  if (params.cluster || params.country || params.doc_id) {
    const what = params.cluster ? `cluster ${params.cluster}` : params.country ? `country ${params.country} (either side)` : `document ${params.doc_id}`;
    form.after(el('p', { class: 'note' }, `Showing only ${what}. `,
      el('a', { href: hashFor('events', Object.assign({}, params, { cluster: '', country: '', doc_id: '', offset: 0 })), text: 'show all' })));
  }
  let data;
  try { data = await api('/api/events', params); } catch (e) { box.replaceChildren(message('error', e.message)); return; }
  const setSort = (key) => {
    const order = params.sort === key && params.order === 'desc' ? 'asc' : 'desc';
    go('events', Object.assign({}, params, { sort: key, order, offset: 0 }));
  };
  const th = (label, key, cls) => {
    if (!key) return el('th', { class: cls || null, text: label });
    const arrow = params.sort === key ? (params.order === 'desc' ? ' ▼' : ' ▲') : '';
    return el('th', { class: 'sortable ' + (cls || ''), onclick: () => setSort(key), title: 'sort by ' + label.toLowerCase() },
      label, el('span', { class: 'arrow', text: arrow }));
  };
  const table = el('table', { class: 'grid', id: 'events-table' },
    el('thead', null, el('tr', null, th('Date', 'date'), th('Type', 'type'), th('Who → whom'), th('What was said to happen'),
      th('Score', 'score', 'num'), th('Reports', 'reports', 'num'), th('Document', 'pub_date'))));
  const tbody = el('tbody');
  for (const e of data.items) {
    const reports = e.cluster_documents || 1;
    tbody.append(el('tr', { 'data-event': e.event_id },
      el('td', { class: 'date' }, e.date || '–', el('small', { text: e.date_source === 'pub_date' ? 'from pub. date' : '' })),
      el('td', null, typeBadge(e.event_type), e.mode ? el('div', { class: 'mode', text: e.mode }) : null, contextTags(e.context)),
      el('td', null, whoWhom(e.actors, e.recipients)),
      el('td', { class: 'sent' }, el('div', { class: 'clamp' }, sentenceWithTrigger(e.sentence, e.trigger))),
      el('td', { class: 'num' }, fmtScore(e.score)),
      el('td', { class: 'num' }, el('a', { class: 'reports' + (reports > 1 ? ' multi' : ''), href: hashFor('clusters', { id: e.cluster_id }),
        title: `${reports} document(s), ${e.cluster_mentions} report(s) of this event` }, String(reports))),
      el('td', { class: 'doc' }, el('a', { href: hashFor('doc', { id: e.doc_id, event: e.event_id }), text: e.doc_title || e.doc_id }),
        el('small', { text: e.pub_date || '' }))));
  }
  table.append(tbody);
  const summary = el('div', { class: 'summary' },
    el('span', { class: 'count', id: 'count-reports' }, el('b', { text: fmt(data.total) }), ' event reports'),
    el('span', { class: 'count', id: 'count-clusters' }, el('b', { text: fmt(data.clusters) }), ' distinct events (clusters)'),
    el('span', { class: 'count' }, el('b', { text: fmt(data.documents) }), ' documents'),
    pager(data.total, data.limit, data.offset, (off) => go('events', Object.assign({}, params, { offset: off }))));
  box.replaceChildren(summary, data.items.length ? table : message('note', 'No event matches these filters.'));
}

/* ---------- view: document ---------- */
function buildAnnotated(parent, text, anns, from, to) {
  // anns: sorted by start, then longest first; nested spans become nested elements, crossing
  // spans are split at the enclosing span's end.
  let list = anns.filter((a) => a.end > from && a.start < to).map((a) => ({ a, s: Math.max(a.start, from), e: Math.min(a.end, to) }));
  let pos = from;
  while (list.length) {
    const cur = list.shift();
    if (cur.e <= pos) continue;
    if (cur.s < pos) cur.s = pos;
    if (cur.s > pos) parent.append(text.slice(pos, cur.s));
    const inner = [];
    const rest = [];
    for (const o of list) {
      if (o.s < cur.e) {
        inner.push({ a: o.a, s: o.s, e: Math.min(o.e, cur.e) });
        if (o.e > cur.e) rest.push({ a: o.a, s: cur.e, e: o.e });
      } else rest.push(o);
    }
    rest.sort((x, y) => x.s - y.s || y.e - x.e);
    const node = annotationNode(cur.a);
    buildAnnotatedList(node, text, inner, cur.s, cur.e);
    parent.append(node);
    pos = cur.e;
    list = rest;
  }
  if (pos < to) parent.append(text.slice(pos, to));
}
function buildAnnotatedList(parent, text, items, from, to) {
  buildAnnotated(parent, text, items.map((i) => Object.assign({}, i.a, { start: i.s, end: i.e, _orig: i.a._orig || i.a })), from, to);
}
let DOC_EVENTS = new Map();
function annotationNode(a) {
  const orig = a._orig || a;
  if (a.kind === 'segment') {
    const n = el('span', { class: 'seg-' + a.segment });
    if (a.segment !== 'article' && a.start === orig.start) n.append(el('span', { class: 'seg-label', text: a.segment }));
    return n;
  }
  const cls = ['a-' + a.kind];
  if (a.kind === 'actor') for (const r of a.roles) cls.push('role-' + r);
  const node = el('mark', { class: cls.join(' '), 'data-kind': a.kind });
  if (a.kind === 'trigger') { node.setAttribute('data-event', a.event_id); node.setAttribute('data-type', a.event_type); }
  if (a.kind === 'actor') node.setAttribute('data-country', a.country || '');
  if (a.kind === 'quote') node.setAttribute('data-quote', a.quote_id);
  attachTip(node, () => tipFor(orig));
  return node;
}
function tipFor(a) {
  const box = el('div');
  const kv = (k, v) => el('div', null, el('span', { class: 'k', text: k + ': ' }), v);
  if (a.kind === 'trigger') {
    const e = DOC_EVENTS.get(a.event_id) || {};
    box.append(el('h4', null, `${a.event_type}${a.mode ? ' · ' + a.mode : ''}  (score ${fmtScore(a.score)})`));
    const names = (list) => (list && list.length ? list.map((x) => `${x.name || x.text} [${x.country || '?'}${x.sectors && x.sectors.length ? ' ' + x.sectors.join('/') : ''}]`).join(', ') : '–');
    box.append(kv('actors', names(e.actors)), kv('recipients', names(e.recipients)));
    box.append(kv('date', `${e.date || '–'} (${e.date_source || '?'})`));
    if (e.location) box.append(kv('place', `${e.location.name}, ${e.location.country || '?'}`));
    if (e.context && e.context.length) box.append(kv('context', e.context.join(', ')));
    if (e.cluster_documents > 1) box.append(kv('also told by', `${e.cluster_documents - 1} other document(s)`));
    box.append(el('div', { class: 'k', text: 'why:' }), el('ul', null, (a.why || []).map((w) => el('li', { text: w }))));
  } else if (a.kind === 'actor') {
    box.append(el('h4', { text: a.text }));
    box.append(kv('who', a.name || '–'), kv('country', a.country ? `${a.country} (${countryName(a.country)})` : 'unknown'),
      kv('sectors', (a.sectors || []).map((s) => `${s} (${SECTOR_NAMES[s] || s})`).join(', ') || '–'),
      kv('resolved from', a.resolved_from || '–'), kv('role', a.roles.join(', ')));
  } else if (a.kind === 'time') {
    box.append(el('h4', { text: `time: ${a.text}` }), kv('value', a.value || 'not resolved'));
  } else if (a.kind === 'place') {
    box.append(el('h4', { text: `place: ${a.text}` }), kv('resolved to', `${a.name || '–'}, ${a.country || '?'}`),
      a.lat !== null && a.lat !== undefined ? kv('coordinates', `${Number(a.lat).toFixed(3)}, ${Number(a.lon).toFixed(3)}`) : null);
  } else if (a.kind === 'quote') {
    box.append(el('h4', { text: `${a.form} quotation` }), kv('speaker', a.speaker || 'unknown'));
  } else if (a.kind === 'cue') {
    box.append(el('h4', { text: `reporting verb: ${a.text}` }));
  }
  return box;
}
async function viewDoc(main, p) {
  main.replaceChildren(el('p', { class: 'loading', text: 'Loading document…' }));
  let d;
  try { d = await api('/api/document', { id: p.id || '' }); } catch (e) { main.replaceChildren(message('error', e.message)); return; }
  DOC_EVENTS = new Map(d.events.map((e) => [e.event_id, e]));
  const text = d.text || '';
  const segs = (d.segments || []).map((s) => ({ kind: 'segment', segment: s.kind, start: s.start, end: s.end }));
  const anns = segs.concat(d.annotations).filter((a) => a.start < a.end);
  anns.sort((x, y) => x.start - y.start || y.end - x.end || (x.kind === 'segment' ? -1 : y.kind === 'segment' ? 1 : 0));
  const body = el('div', { class: 'doctext', id: 'doc-text' });
  buildAnnotated(body, text, anns, 0, text.length);
  const kinds = [['trigger', 'triggers'], ['actor', 'actors'], ['quote', 'quotes'], ['cue', 'reporting verbs'], ['time', 'times'], ['place', 'places']];
  const legend = el('div', { class: 'legend' }, kinds.map(([k, label]) => el('label', null,
    el('input', { type: 'checkbox', checked: true, onchange: (ev) => body.classList.toggle('hide-' + k, !ev.target.checked) }),
    el('span', { class: 'sw sw-' + k }), label)),
  el('span', { class: 'sub' }, el('span', { class: 'sw sw-recipient' }), ' recipient-only actors; hover a highlight for its evidence'));
  const meta = el('div', { class: 'meta' },
    el('span', null, 'published ', el('b', { text: d.pub_date || 'unknown' })),
    el('span', { text: `language ${d.language || '?'}` }),
    el('span', { text: `${d.status}${d.reason ? ': ' + d.reason : ''}` }),
    el('span', { text: `${d.events.length} events, ${d.quotes.length} quotes` }),
    d.url ? el('span', null, 'url ', /^https?:\/\//i.test(d.url) ? el('a', { href: d.url, rel: 'noopener noreferrer', target: '_blank', text: d.url }) : el('code', { text: d.url })) : null,
    el('span', null, 'id ', el('code', { text: d.doc_id })));
  const evList = el('div', { class: 'card' }, el('h2', { text: `Events (${d.events.length})` }));
  for (const e of d.events) {
    const item = el('div', { class: 'item', 'data-event': e.event_id, onclick: () => focusEvent(e.event_id) },
      typeBadge(e.event_type), ' ', e.mode ? el('span', { class: 'mode', text: e.mode + ' ' }) : null, contextTags(e.context), ' ',
      whoWhom(e.actors, e.recipients), el('div', { class: 'sub' }, '“', e.trigger ? e.trigger.text : '', '” · ', e.date || 'no date',
        e.cluster_documents > 1 ? [' · ', el('a', { href: hashFor('clusters', { id: e.cluster_id }), onclick: (ev) => ev.stopPropagation(),
          text: `told by ${e.cluster_documents} documents` })] : null));
    evList.append(item);
  }
  const qList = el('div', { class: 'card' }, el('h2', { text: `Quotes (${d.quotes.length})` }));
  for (const q of d.quotes) {
    const sp = q.speaker ? (q.speaker.name || q.speaker.text) : 'unknown speaker';
    qList.append(el('div', { class: 'item', onclick: () => focusNode(body.querySelector(`mark[data-quote="${CSS.escape(q.quote_id)}"]`)) },
      el('b', { text: sp }), q.speaker && q.speaker.country ? el('span', { class: 'chip', text: q.speaker.country }) : null,
      el('span', { class: 'mode', text: ' ' + q.form }), el('div', { class: 'clamp', text: q.text })));
  }
  main.replaceChildren(
    el('h1', { id: 'doc-title', text: d.title || d.doc_id }), meta, legend,
    el('div', { class: 'docwrap' }, body, el('div', { class: 'side' }, evList, qList)));
  if (p.event) focusEvent(p.event);
}
function focusNode(node) {
  if (!node) return;
  node.scrollIntoView({ block: 'center', behavior: 'instant' });
  node.classList.remove('flash');
  void node.offsetWidth;
  node.classList.add('flash');
}
function focusEvent(id) { focusNode(document.querySelector(`#doc-text mark.a-trigger[data-event="${CSS.escape(id)}"]`)); }

/* ---------- view: clusters ---------- */
async function viewClusters(main, p) {
  const params = Object.assign({ limit: 30, offset: 0, min_documents: 1, sort: 'reports' }, p);
  if (params.id) return viewCluster(main, params.id);
  const form = el('form', { class: 'filters', role: 'search' },
    field('Search', input('q', params.q, { type: 'search', class: 'wide' })),
    field('Type', select('type', params.type, typeOptions(true))),
    field('Country (either side)', input('country', params.country, { class: 'code', list: 'dl-countries', maxlength: 3 })),
    field('Told by at least', select('min_documents', params.min_documents, [[1, '1 document'], [2, '2 documents'], [3, '3 documents'], [5, '5 documents']])),
    field('Sort', select('sort', params.sort, [['reports', 'most documents'], ['date', 'event date'], ['first_report', 'first report'], ['last_report', 'last report']])),
    field('From', input('date_from', params.date_from, { class: 'date', placeholder: 'YYYY-MM-DD' })),
    field('To', input('date_to', params.date_to, { class: 'date', placeholder: 'YYYY-MM-DD' })),
    el('button', { class: 'btn primary', type: 'submit' }, 'Filter'), countryList('dl-countries'));
  form.addEventListener('submit', (ev) => { ev.preventDefault(); go('clusters', formParams(form)); });
  const box = el('div', null, el('p', { class: 'loading', text: 'Loading…' }));
  main.replaceChildren(el('h1', null, 'Clusters ', el('span', { class: 'sub', text: '· one real-world event, however many articles told it' })), form, box);
  let data;
  try { data = await api('/api/clusters', params); } catch (e) { box.replaceChildren(message('error', e.message)); return; }
  const summary = el('div', { class: 'summary' },
    el('span', { class: 'count' }, el('b', { text: fmt(data.total) }), ' events (clusters)'),
    el('span', { class: 'count' }, 'from ', el('b', { text: fmt(data.reports) }), ' event reports'),
    pager(data.total, data.limit, data.offset, (off) => go('clusters', Object.assign({}, params, { offset: off }))));
  const list = el('div', { id: 'cluster-list' });
  for (const c of data.items) list.append(clusterCard(c));
  box.replaceChildren(summary, data.items.length ? list : message('note', 'No cluster matches these filters.'));
}
function clusterCard(c, open) {
  const sentence = sentenceWithTrigger({ text: c.sentence, start: c.sentence_start }, c.trigger);
  const card = el('div', { class: 'cluster', 'data-cluster': c.cluster_id },
    el('div', { class: 'big' }, el('b', { text: String(c.num_documents) }), el('small', { text: c.num_documents === 1 ? 'document' : 'documents' }),
      el('small', { text: `${c.num_mentions} report${c.num_mentions === 1 ? '' : 's'}` })),
    el('div', null,
      el('div', null, typeBadge(c.event_type), ' ', c.mode ? el('span', { class: 'mode', text: c.mode + ' ' }) : null,
        c.negated ? el('span', { class: 'ctx', text: 'negated' }) : null, ' ', el('b', { text: c.date || 'undated' }), ' · ',
        whoWhom(c.actors, c.recipients), c.location_name ? el('span', { class: 'sub', text: ` · at ${c.location_name}` }) : null),
      el('div', { class: 'clamp' }, sentence),
      el('div', { class: 'sub' }, 'first report ', el('a', { href: hashFor('doc', { id: c.first_doc_id }), text: c.first_pub_date || c.first_doc_id }),
        c.num_documents > 1 ? [', last ', el('a', { href: hashFor('doc', { id: c.last_doc_id }), text: c.last_pub_date || c.last_doc_id })] : null,
        ' · mean score ', fmtScore(c.mean_score), ' · ',
        el('button', { class: 'linkish', type: 'button', onclick: (ev) => toggleMembers(card, c.cluster_id, ev.target) }, 'show reports'),
        ' · ', el('a', { href: hashFor('events', { cluster: c.cluster_id }), text: 'as events' }))));
  if (open) toggleMembers(card, c.cluster_id, card.querySelector('button.linkish'));
  return card;
}
async function toggleMembers(card, id, button) {
  const old = card.querySelector('table.members');
  if (old) { old.remove(); button.textContent = 'show reports'; return; }
  button.textContent = 'hide reports';
  const data = await api('/api/clusters/' + encodeURIComponent(id));
  const t = el('table', { class: 'grid members' }, el('thead', null, el('tr', null,
    el('th', { text: 'Published' }), el('th', { text: 'Document' }), el('th', { text: 'Report' }), el('th', { text: 'Who → whom' }), el('th', { text: 'Why joined' }))));
  const tb = el('tbody');
  for (const m of data.members) {
    tb.append(el('tr', null, el('td', { class: 'date', text: m.pub_date || '–' }),
      el('td', { class: 'doc' }, el('a', { href: hashFor('doc', { id: m.doc_id, event: m.event_id }), text: m.doc_title || m.doc_id })),
      el('td', { class: 'sent' }, m.event_id === data.representative_event_id ? el('span', { class: 'ctx', text: 'representative' }) : null, ' ',
        sentenceWithTrigger(m.sentence, m.trigger), el('div', { class: 'sub', text: `${m.event_type}${m.mode ? ' ' + m.mode : ''} · ${m.date || 'no date'}` })),
      el('td', null, whoWhom(m.actors, m.recipients)),
      el('td', { class: 'sub', text: m.matched_event_id ? `${m.reason} → score ${Number(m.similarity).toFixed(2)}` : m.reason })));
  }
  t.append(tb);
  card.lastChild.append(t);
}
async function viewCluster(main, id) {
  main.replaceChildren(el('p', { class: 'loading', text: 'Loading…' }));
  let c;
  try { c = await api('/api/clusters/' + encodeURIComponent(id)); } catch (e) { main.replaceChildren(message('error', e.message)); return; }
  const rep = c.members.find((m) => m.event_id === c.representative_event_id) || c.members[0];
  const card = clusterCard(Object.assign({}, c, { sentence: rep.sentence.text, sentence_start: rep.sentence.start, trigger: rep.trigger,
    actors: rep.actors, recipients: rep.recipients }), true);
  main.replaceChildren(el('h1', null, 'One event, ', el('span', { class: 'sub', text: `told ${c.num_mentions} time(s) in ${c.num_documents} document(s)` })),
    el('p', null, el('a', { href: '#/clusters', text: '‹ all clusters' })), card);
}

/* ---------- view: timeline of a country pair ---------- */
async function viewTimeline(main, p) {
  const params = Object.assign({ by: 'month', dir: 'both', line: 'reports' }, p);
  if (!params.a || !params.b) {
    try {
      const net = await api('/api/network', { nodes: 40 });
      const e = net.edges[0];
      if (e) { params.a = params.a || e.source; params.b = params.b || e.target; }
    } catch (err) { /* empty database */ }
  }
  const form = el('form', { class: 'filters' },
    field('Country A', input('a', params.a, { class: 'code', list: 'dl-countries', maxlength: 3, required: true })),
    field('Country B', input('b', params.b, { class: 'code', list: 'dl-countries', maxlength: 3, required: true })),
    field('By', select('by', params.by, [['month', 'month'], ['week', 'week']])),
    field('Type', select('type', params.type, typeOptions(true))),
    field('Direction', select('dir', params.dir, [['both', 'both ways'], ['ab', 'A acts on B'], ['ba', 'B acts on A']])),
    field('Score line', select('line', params.line, [['reports', 'mean over reports'], ['clusters', 'mean over events (clusters)']])),
    field('From', input('date_from', params.date_from, { class: 'date' })), field('To', input('date_to', params.date_to, { class: 'date' })),
    el('button', { class: 'btn primary', type: 'submit' }, 'Show'), countryList('dl-countries'));
  form.addEventListener('submit', (ev) => { ev.preventDefault(); go('timeline', formParams(form)); });
  const box = el('div', null);
  main.replaceChildren(el('h1', null, 'Timeline ', el('span', { class: 'sub', text: '· cooperation and conflict between two countries' })), form, box);
  if (!params.a || !params.b) { box.append(message('note', 'Choose two countries.')); return; }
  let d;
  try {
    d = await api('/api/dyads', { a: params.a, b: params.b, by: params.by, type: params.type, date_from: params.date_from, date_to: params.date_to });
  } catch (e) { box.append(message('error', e.message)); return; }
  const label = `${d.a_name || d.a} (${d.a}) and ${d.b_name || d.b} (${d.b})`;
  box.append(el('div', { class: 'summary' },
    el('span', { class: 'count' }, el('b', { text: label })),
    el('span', { class: 'count' }, el('b', { text: fmt(d.events) }), ' event reports'),
    el('span', { class: 'count' }, el('b', { text: fmt(d.clusters) }), ' events (clusters)'),
    el('span', { class: 'count' }, 'mean PLOVER score ', el('b', { text: fmtScore(d.mean_score) })),
    el('a', { href: hashFor('events', { actor_country: d.a, recipient_country: d.b }), text: `${d.a} → ${d.b} events` }),
    el('a', { href: hashFor('events', { actor_country: d.b, recipient_country: d.a }), text: `${d.b} → ${d.a} events` })));
  if (!d.series.length) { box.append(message('note', 'No dated events between these two countries.')); return; }
  box.append(el('div', { class: 'chart', id: 'timeline-chart' }, timelineChart(d, params.dir, params.line)));
  const t = el('table', { class: 'grid' }, el('thead', null, el('tr', null, ['Period', 'Reports', 'Events (clusters)', 'Cooperation', 'Conflict', 'Mean score (reports)', 'Mean score (events)'].map((h, i) => el('th', { class: i ? 'num' : null, text: h })))));
  const tb = el('tbody');
  for (const s of d.series) {
    const v = s[params.dir];
    if (!v.events) continue;
    tb.append(el('tr', null, el('td', { text: s.period }), el('td', { class: 'num', text: fmt(v.events) }), el('td', { class: 'num', text: fmt(v.clusters) }),
      el('td', { class: 'num', text: fmt(v.cooperation) }), el('td', { class: 'num', text: fmt(v.conflict) }),
      el('td', { class: 'num', text: fmtScore(v.mean_score) }), el('td', { class: 'num', text: fmtScore(v.mean_cluster_score) })));
  }
  t.append(tb);
  box.append(el('h2', { text: 'Periods with events' }), t);
}
function timelineChart(d, dir, line) {
  const W = 1200, H = 340, L = 52, R = 52, T = 30, B = 46;
  const pw = W - L - R, ph = H - T - B, mid = T + ph / 2;
  const n = d.series.length;
  const band = pw / n;
  const vals = d.series.map((s) => s[dir]);
  const maxc = Math.max(1, ...vals.map((v) => Math.max(v.cooperation, v.conflict)));
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `PLOVER cooperation and conflict between ${d.a} and ${d.b} by ${d.by}` });
  // grid and axes
  for (const f of [-1, -0.5, 0.5, 1]) {
    const y = mid - f * ph / 2;
    root.append(svg('line', { class: 'gridline', x1: L, x2: W - R, y1: y, y2: y }));
    root.append(svg('text', { x: L - 6, y: y + 4, 'text-anchor': 'end', text: String(Math.round(Math.abs(f) * maxc * 10) / 10) }));
    root.append(svg('text', { x: W - R + 6, y: y + 4, text: fmtScore(f * 10) }));
  }
  root.append(svg('line', { class: 'axis', x1: L, x2: W - R, y1: mid, y2: mid }));
  root.append(svg('text', { x: L - 6, y: mid + 4, 'text-anchor': 'end', text: '0' }));
  root.append(svg('text', { x: L - 6, y: T - 14, 'text-anchor': 'end', text: 'reports' }));
  root.append(svg('text', { x: W - R + 6, y: T - 14, text: 'score' }));
  const bw = Math.max(1, Math.min(28, band * 0.7));
  const step = Math.max(1, Math.ceil(n / 14));
  const pts = [];
  vals.forEach((v, i) => {
    const x = L + band * i + band / 2;
    const tip = `${d.series[i].period}: ${v.events} report(s), ${v.clusters} event(s); cooperation ${v.cooperation}, conflict ${v.conflict}; mean score ${fmtScore(v.mean_score)} (reports), ${fmtScore(v.mean_cluster_score)} (events)`;
    if (v.cooperation) {
      const h = v.cooperation / maxc * ph / 2;
      root.append(svg('rect', { class: 'bar-coop', x: x - bw / 2, y: mid - h, width: bw, height: h }, stitle(tip)));
    }
    if (v.conflict) {
      const h = v.conflict / maxc * ph / 2;
      root.append(svg('rect', { class: 'bar-conf', x: x - bw / 2, y: mid, width: bw, height: h }, stitle(tip)));
    }
    const score = line === 'clusters' ? v.mean_cluster_score : v.mean_score;
    pts.push(score === null || score === undefined ? null : [x, mid - score / 10 * ph / 2, tip]);
    if (i % step === 0) root.append(svg('text', { x, y: H - B + 16, 'text-anchor': 'middle', text: d.series[i].period }));
  });
  let path = '';
  let prev = null;
  for (const pt of pts) {
    if (pt) path += (prev ? 'L' : 'M') + pt[0].toFixed(1) + ' ' + pt[1].toFixed(1) + ' ';
    prev = pt;
  }
  if (path) root.append(svg('path', { class: 'scoreline', d: path }));
  for (const pt of pts) if (pt) root.append(svg('circle', { class: 'scoredot', cx: pt[0], cy: pt[1], r: 3.5 }, stitle(pt[2])));
  const lg = svg('g', { transform: `translate(${L + 8}, ${H - 12})` },
    svg('rect', { class: 'bar-coop', x: 0, y: -9, width: 12, height: 10 }), svg('text', { x: 16, y: 0, text: 'cooperation (reports)' }),
    svg('rect', { class: 'bar-conf', x: 160, y: -9, width: 12, height: 10 }), svg('text', { x: 176, y: 0, text: 'conflict (reports)' }),
    svg('line', { class: 'scoreline', x1: 300, x2: 322, y1: -4, y2: -4 }), svg('text', { x: 328, y: 0, text: `mean PLOVER score (${line === 'clusters' ? 'over events' : 'over reports'}, right axis)` }));
  root.append(lg);
  return root;
}

/* ---------- view: network ---------- */
function scoreColor(s) {
  if (s === null || s === undefined) return '#9aa6b2';
  const t = Math.max(-1, Math.min(1, s / 6));
  const mix = (a, b, f) => Math.round(a + (b - a) * f);
  const gray = [154, 166, 178], red = [200, 50, 40], green = [40, 140, 80];
  const target = t < 0 ? red : green;
  const f = Math.abs(t);
  return `rgb(${mix(gray[0], target[0], f)},${mix(gray[1], target[1], f)},${mix(gray[2], target[2], f)})`;
}
function layout(nodes, edges, W, H) {
  const n = nodes.length;
  const idx = new Map(nodes.map((d, i) => [d.id, i]));
  nodes.forEach((d, i) => {
    const a = 2 * Math.PI * i / Math.max(1, n);
    const r = Math.min(W, H) * (0.18 + 0.22 * (i % 2));
    d.x = W / 2 + r * Math.cos(a); d.y = H / 2 + r * Math.sin(a); d.vx = 0; d.vy = 0;
  });
  const iters = 500;
  for (let it = 0; it < iters; it++) {
    const alpha = 1 - it / iters;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const a = nodes[i], b = nodes[j];
        let dx = a.x - b.x, dy = a.y - b.y;
        const d2 = Math.max(dx * dx + dy * dy, 30);
        const f = 5200 / d2 * alpha;
        const dd = Math.sqrt(d2);
        dx /= dd; dy /= dd;
        a.vx += dx * f; a.vy += dy * f; b.vx -= dx * f; b.vy -= dy * f;
      }
    }
    for (const e of edges) {
      const a = nodes[idx.get(e.source)], b = nodes[idx.get(e.target)];
      if (!a || !b) continue;
      const dx = b.x - a.x, dy = b.y - a.y;
      const dist = Math.max(1, Math.sqrt(dx * dx + dy * dy));
      const f = (dist - 150) * 0.015 * alpha * Math.min(3, 1 + Math.log(e.events));
      a.vx += dx / dist * f; a.vy += dy / dist * f; b.vx -= dx / dist * f; b.vy -= dy / dist * f;
    }
    for (const d of nodes) {
      d.vx += (W / 2 - d.x) * 0.012 * alpha; d.vy += (H / 2 - d.y) * 0.02 * alpha;
      d.x += Math.max(-30, Math.min(30, d.vx)); d.y += Math.max(-30, Math.min(30, d.vy));
      d.vx *= 0.55; d.vy *= 0.55;
      d.x = Math.max(40, Math.min(W - 40, d.x)); d.y = Math.max(30, Math.min(H - 30, d.y));
    }
  }
  // stretch the drawing over the whole canvas
  if (n > 1) {
    const xs = nodes.map((d) => d.x), ys = nodes.map((d) => d.y);
    const x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
    for (const d of nodes) {
      d.x = 60 + (W - 120) * (x1 > x0 ? (d.x - x0) / (x1 - x0) : 0.5);
      d.y = 50 + (H - 90) * (y1 > y0 ? (d.y - y0) / (y1 - y0) : 0.5);
    }
  }
}
async function viewNetwork(main, p) {
  const params = Object.assign({ nodes: 30, min_events: 1 }, p);
  const form = el('form', { class: 'filters' },
    field('Type', select('type', params.type, typeOptions(true))),
    field('Countries', select('nodes', params.nodes, [[15, '15 most active'], [30, '30 most active'], [60, '60 most active'], [100, '100 most active']])),
    field('Links with at least', select('min_events', params.min_events, [[1, '1 report'], [2, '2 reports'], [5, '5 reports'], [10, '10 reports']])),
    field('From', input('date_from', params.date_from, { class: 'date' })), field('To', input('date_to', params.date_to, { class: 'date' })),
    el('button', { class: 'btn primary', type: 'submit' }, 'Show'));
  form.addEventListener('submit', (ev) => { ev.preventDefault(); go('network', formParams(form)); });
  const box = el('div', null, el('p', { class: 'loading', text: 'Loading…' }));
  main.replaceChildren(el('h1', null, 'Network ', el('span', { class: 'sub', text: '· who acts on whom (countries; arrows from actor to recipient; colour = mean PLOVER score)' })), form, box);
  let net;
  try { net = await api('/api/network', params); } catch (e) { box.replaceChildren(message('error', e.message)); return; }
  if (!net.edges.length) { box.replaceChildren(message('note', 'No events between two known countries for these filters.')); return; }
  const W = 1000, H = 620;
  const linked = new Set(net.edges.flatMap((e) => [e.source, e.target]));
  const nodes = net.nodes.filter((n) => linked.has(n.id)).map((n) => Object.assign({}, n));
  layout(nodes, net.edges, W, H);
  const pos = new Map(nodes.map((n) => [n.id, n]));
  const radius = (n) => 7 + Math.sqrt(n.as_actor + n.as_recipient) * 2.2;
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'network of countries acting on each other' });
  const defs = svg('defs');
  for (const [name, color] of [['neg', 'rgb(200,50,40)'], ['zero', '#9aa6b2'], ['pos', 'rgb(40,140,80)']]) {
    defs.append(svg('marker', { id: 'arrow-' + name, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 9, markerHeight: 9,
      markerUnits: 'userSpaceOnUse', orient: 'auto' },
      svg('path', { d: 'M0 0 L10 5 L0 10 z', fill: color })));
  }
  root.append(defs);
  const maxe = Math.max(...net.edges.map((e) => e.events));
  const edgeEls = [];
  for (const e of net.edges) {
    const a = pos.get(e.source), b = pos.get(e.target);
    if (!a || !b) continue;
    const dx = b.x - a.x, dy = b.y - a.y, dist = Math.max(1, Math.hypot(dx, dy));
    const ux = dx / dist, uy = dy / dist;
    const off = 0.12 * dist;
    const cx = (a.x + b.x) / 2 - uy * off, cy = (a.y + b.y) / 2 + ux * off;
    const rb = radius(b) + 3;
    const ex = b.x - (b.x - cx) / Math.hypot(b.x - cx, b.y - cy) * rb, ey = b.y - (b.y - cy) / Math.hypot(b.x - cx, b.y - cy) * rb;
    const bucket = e.mean_score > 0.5 ? 'pos' : e.mean_score < -0.5 ? 'neg' : 'zero';
    const path = svg('path', { class: 'net-edge', d: `M${a.x.toFixed(1)} ${a.y.toFixed(1)} Q${cx.toFixed(1)} ${cy.toFixed(1)} ${ex.toFixed(1)} ${ey.toFixed(1)}`,
      stroke: scoreColor(e.mean_score), 'stroke-width': (1 + 5 * Math.sqrt(e.events / maxe)).toFixed(2), 'marker-end': `url(#arrow-${bucket})`,
      'data-source': e.source, 'data-target': e.target, onclick: () => go('timeline', { a: e.source, b: e.target }) },
    stitle(`${e.source} → ${e.target}: ${e.events} report(s), ${e.clusters} event(s), mean score ${fmtScore(e.mean_score)} (click for the timeline)`));
    edgeEls.push(path);
    root.append(path);
  }
  const nodeEls = [];
  for (const n of nodes) {
    const g = svg('g', { class: 'net-node', transform: `translate(${n.x.toFixed(1)},${n.y.toFixed(1)})`, 'data-country': n.id,
      onclick: () => go('events', { country: n.id }),
      onmouseenter: () => highlight(n.id), onmouseleave: () => highlight(null) },
    svg('circle', { r: radius(n).toFixed(1), fill: '#2a6fbb' }),
    svg('text', { x: 0, y: -radius(n) - 4, 'text-anchor': 'middle', text: n.id }),
    stitle(`${n.name || n.id}: ${n.as_actor} report(s) as actor, ${n.as_recipient} as recipient (click for its events)`));
    nodeEls.push(g);
    root.append(g);
  }
  function highlight(id) {
    const near = new Set([id]);
    for (const e of edgeEls) {
      const on = !id || e.dataset.source === id || e.dataset.target === id;
      e.classList.toggle('net-dim', !on);
      if (on && id) { near.add(e.dataset.source); near.add(e.dataset.target); }
    }
    for (const g of nodeEls) g.classList.toggle('net-dim', !!id && !near.has(g.dataset.country));
  }
  const top = el('table', { class: 'grid' }, el('thead', null, el('tr', null, el('th', { text: 'Link' }), el('th', { class: 'num', text: 'Reports' }),
    el('th', { class: 'num', text: 'Events' }), el('th', { class: 'num', text: 'Score' }))));
  const tb = el('tbody');
  for (const e of net.edges.slice(0, 25)) {
    tb.append(el('tr', null, el('td', null, el('a', { href: hashFor('timeline', { a: e.source, b: e.target }), text: `${e.source} → ${e.target}` })),
      el('td', { class: 'num', text: fmt(e.events) }), el('td', { class: 'num', text: fmt(e.clusters) }),
      el('td', { class: 'num', style: null }, el('span', { text: fmtScore(e.mean_score) }))));
  }
  top.append(tb);
  box.replaceChildren(el('div', { class: 'two' }, el('div', { class: 'chart', id: 'network-chart' }, root), el('div', null, el('h2', { text: 'Strongest links' }), top)));
}

/* ---------- view: quotes ---------- */
async function viewQuotes(main, p) {
  const params = Object.assign({ limit: 40, offset: 0 }, p);
  const form = el('form', { class: 'filters', role: 'search' },
    field('Speaker', input('speaker', params.speaker, { placeholder: 'e.g. Lavrov' })),
    field('Speaker country', input('speaker_country', params.speaker_country, { class: 'code', list: 'dl-countries', maxlength: 3 })),
    field('Form', select('form', params.form, [['', 'any'], ['direct', 'direct'], ['indirect', 'indirect'], ['mixed', 'mixed']])),
    field('Words in the quote', input('q', params.q, { type: 'search', class: 'wide' })),
    el('button', { class: 'btn primary', type: 'submit' }, 'Search'), countryList('dl-countries'));
  form.addEventListener('submit', (ev) => { ev.preventDefault(); go('quotes', formParams(form)); });
  const box = el('div', null, el('p', { class: 'loading', text: 'Loading…' }));
  main.replaceChildren(el('h1', null, 'Quotes ', el('span', { class: 'sub', text: '· who said what' })), form, box);
  let data;
  try { data = await api('/api/quotes', params); } catch (e) { box.replaceChildren(message('error', e.message)); return; }
  const list = el('div', { id: 'quote-list' });
  for (const q of data.items) {
    const sp = q.speaker ? (q.speaker.name || q.speaker.text) : 'unknown speaker';
    list.append(el('div', { class: 'quote' },
      el('div', null, el('span', { class: 'by', text: sp }), q.speaker && q.speaker.country ? el('span', { class: 'chip', text: [q.speaker.country].concat(q.speaker.sectors || []).join(' ') }) : null,
        el('span', { class: 'mode', text: ` · ${q.form}` })),
      el('blockquote', { text: q.text }),
      el('div', { class: 'sub' }, el('a', { href: hashFor('doc', { id: q.doc_id }), text: q.doc_title || q.doc_id }), ` · ${q.pub_date || 'no date'}`)));
  }
  box.replaceChildren(el('div', { class: 'summary' }, el('span', { class: 'count' }, el('b', { text: fmt(data.total) }), ' quotes'),
    pager(data.total, data.limit, data.offset, (off) => go('quotes', Object.assign({}, params, { offset: off })))),
  data.items.length ? list : message('note', 'No quote matches.'));
}

/* ---------- view: actors ---------- */
async function viewActors(main, p) {
  const params = Object.assign({ by: 'entity', limit: 100 }, p);
  const form = el('form', { class: 'filters' },
    field('Count', select('by', params.by, [['entity', 'actors (named, or country + sector)'], ['country', 'countries']])),
    field('Type', select('type', params.type, typeOptions(true))),
    el('button', { class: 'btn primary', type: 'submit' }, 'Show'));
  form.addEventListener('submit', (ev) => { ev.preventDefault(); go('actors', formParams(form)); });
  const box = el('div', null, el('p', { class: 'loading', text: 'Loading…' }));
  main.replaceChildren(el('h1', null, 'Actors ', el('span', { class: 'sub', text: '· the most active, with counts' })), form, box);
  let data;
  try { data = await api('/api/actors', params); } catch (e) { box.replaceChildren(message('error', e.message)); return; }
  const t = el('table', { class: 'grid', id: 'actors-table' }, el('thead', null, el('tr', null,
    ['Actor', 'Country', 'Sectors', 'As actor', 'As recipient', 'Events', 'Quotes', 'Mean score as actor'].map((h, i) => el('th', { class: i > 2 ? 'num' : null, text: h })))));
  const tb = el('tbody');
  for (const a of data.items) {
    let link;
    if (params.by === 'country') link = hashFor('events', { country: a.key });
    else if (a.name) link = hashFor('events', { actor: a.name });
    else link = hashFor('events', { actor_country: a.country || '', actor_sector: (a.sectors || [])[0] || '' });
    tb.append(el('tr', null, el('td', null, el('a', { href: link, text: params.by === 'country' ? (a.country_name || a.key) : a.key })),
      el('td', null, a.country ? el('span', { class: 'chip', text: a.country }) : '–', ' ', el('span', { class: 'sub', text: a.country_name || '' })),
      el('td', { text: (a.sectors || []).join(', ') || '–' }),
      el('td', { class: 'num', text: fmt(a.as_actor) }), el('td', { class: 'num', text: fmt(a.as_recipient) }),
      el('td', { class: 'num', text: fmt(a.events) }), el('td', { class: 'num', text: fmt(a.quotes) }),
      el('td', { class: 'num', text: fmtScore(a.mean_score_as_actor) })));
  }
  t.append(tb);
  box.replaceChildren(t);
}

/* ---------- view: documents ---------- */
async function viewDocuments(main, p) {
  const params = Object.assign({ limit: 50, offset: 0 }, p);
  const form = el('form', { class: 'filters', role: 'search' },
    field('Title or id', input('q', params.q, { type: 'search', class: 'wide' })),
    field('Status', select('status', params.status, [['', 'any'], ['coded', 'coded'], ['skipped', 'skipped'], ['failed', 'failed']])),
    el('button', { class: 'btn primary', type: 'submit' }, 'Search'));
  form.addEventListener('submit', (ev) => { ev.preventDefault(); go('documents', formParams(form)); });
  const box = el('div', null, el('p', { class: 'loading', text: 'Loading…' }));
  main.replaceChildren(el('h1', { text: 'Documents' }), form, box);
  let data;
  try { data = await api('/api/documents', params); } catch (e) { box.replaceChildren(message('error', e.message)); return; }
  const t = el('table', { class: 'grid' }, el('thead', null, el('tr', null,
    ['Published', 'Title', 'Status', 'Events', 'Quotes'].map((h, i) => el('th', { class: i > 2 ? 'num' : null, text: h })))));
  const tb = el('tbody');
  for (const d of data.items) {
    tb.append(el('tr', null, el('td', { class: 'date', text: d.pub_date || '–' }),
      el('td', null, el('a', { href: hashFor('doc', { id: d.doc_id }), text: d.title || d.doc_id }), el('div', { class: 'sub' }, el('code', { text: d.doc_id }))),
      el('td', { text: d.status + (d.reason ? ': ' + d.reason : '') }),
      el('td', { class: 'num', text: fmt(d.num_events) }), el('td', { class: 'num', text: fmt(d.num_quotes) })));
  }
  t.append(tb);
  box.replaceChildren(el('div', { class: 'summary' }, el('span', { class: 'count' }, el('b', { text: fmt(data.total) }), ' documents'),
    pager(data.total, data.limit, data.offset, (off) => go('documents', Object.assign({}, params, { offset: off })))), t);
}

/* ---------- view: API ---------- */
async function viewApi(main) {
  const spec = await api('/openapi.json');
  const list = el('div');
  for (const [path, ops] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const params = (op.parameters || []).map((x) => x.name + (x.required ? '*' : '')).join(', ');
      list.append(el('div', { class: 'endpoint card' }, el('code', { class: 'path', text: `${method.toUpperCase()} ${path}` }), ' ',
        el('span', { text: op.summary || '' }), params ? el('div', { class: 'params', text: 'parameters: ' + params }) : null));
    }
  }
  main.replaceChildren(el('h1', { text: 'REST API' }),
    el('p', null, 'Read-only JSON over HTTP; the full description is ', el('a', { href: '/openapi.json', text: '/openapi.json' }),
      ' (OpenAPI ', spec.openapi, '). Lists take ', el('code', { text: 'limit' }), ' (at most 500) and ', el('code', { text: 'offset' }), '.'), list);
}

/* ---------- router ---------- */
const VIEWS = { events: viewEvents, doc: viewDoc, clusters: viewClusters, timeline: viewTimeline, network: viewNetwork,
  quotes: viewQuotes, actors: viewActors, documents: viewDocuments, api: viewApi };
async function render() {
  const { view, params } = route();
  const main = document.getElementById('main');
  const fn = VIEWS[view] || viewEvents;
  for (const a of document.querySelectorAll('#nav a')) a.classList.toggle('active', a.dataset.view === view || (view === 'doc' && a.dataset.view === 'documents'));
  if (TIP.el) TIP.el.hidden = true;
  try {
    await fn(main, params);
  } catch (e) {
    main.replaceChildren(message('error', 'Something went wrong: ' + e.message));
  }
  document.body.setAttribute('data-ready', view);
}
async function start() {
  setupTips();
  try { await loadMeta(); } catch (e) { document.getElementById('main').replaceChildren(message('error', 'Cannot reach the API: ' + e.message)); return; }
  window.addEventListener('hashchange', () => { document.body.removeAttribute('data-ready'); render(); window.scrollTo(0, 0); });
  render();
}
document.addEventListener('DOMContentLoaded', start);
