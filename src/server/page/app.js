// The analyst page: search over GET /search, an entity view over
// GET /entities/{id} and GET /entities/{id}/network.
//
// The URL hash holds the view (#q=...&schema=..., #entity=<id>), so every
// view is a link and back/forward work. Data only ever enters the page as
// text (el() and Node.append), never as HTML.
'use strict';

(function () {
  const FILTERS = ['schema', 'source', 'dob', 'country', 'threshold', 'limit'];

  const $ = (id) => document.getElementById(id);
  const form = $('search-form');
  const queryInput = $('q');
  const statusLine = $('status');
  const errorLine = $('error');
  const home = $('home');
  const results = $('results');
  const resultList = $('result-list');
  const entityView = $('entity');

  // Each view bumps this; an answer for an older view is dropped.
  let generation = 0;
  // The hash of the last search, for the entity view's way back.
  let lastSearch = null;

  // --- DOM helpers: text only ---------------------------------------------

  // el('a', {href: '#', class: 'x'}, 'text', child, ...): attributes are set
  // with setAttribute, children appended as nodes or text.
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      node.setAttribute(key, value === true ? '' : String(value));
    }
    append(node, children);
    return node;
  }

  function append(node, children) {
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : String(child));
    }
  }

  function clear(node) {
    node.replaceChildren();
  }

  function show(section) {
    for (const s of [home, results, entityView]) s.hidden = s !== section;
  }

  function setStatus(text) {
    statusLine.textContent = text || '';
  }

  function setError(message) {
    errorLine.textContent = message || '';
    errorLine.hidden = !message;
  }

  function fmtScore(score) {
    return typeof score === 'number' ? score.toFixed(2) : '';
  }

  function entityHash(id) {
    return '#entity=' + encodeURIComponent(id).replace(/%3A/gi, ':');
  }

  function entityLink(id, text) {
    return el('a', { href: entityHash(id), 'data-entity-id': id }, text || id);
  }

  // A definition list of [term, value] pairs, skipping empty values.
  function defs(pairs, className) {
    const dl = el('dl', { class: className || 'defs' });
    for (const [term, value] of pairs) {
      if (value === null || value === undefined || value === '') continue;
      if (Array.isArray(value) && value.length === 0) continue;
      dl.append(el('div', null, el('dt', null, term), el('dd', null, value)));
    }
    return dl;
  }

  // A table named `label` for screen readers; rows are arrays of cells
  // (text, nodes, or arrays of both).
  function table(label, headers, rows) {
    return el('table', { 'aria-label': label },
      el('thead', null, el('tr', null, headers.map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', null, rows.map((cells) => el('tr', null, cells.map((c) => el('td', null, c))))));
  }

  function section(id, title, ...content) {
    return el('section', { class: 'part', 'aria-labelledby': id },
      el('h3', { id }, title), content);
  }

  // --- the server ---------------------------------------------------------

  class ApiError extends Error {
    constructor(message, status) {
      super(message);
      this.status = status;
    }
  }

  // GET `url` as JSON. A refusal ({code, message}) throws an ApiError with
  // the server's message and the HTTP status.
  async function getJSON(url) {
    let res;
    try {
      res = await fetch(url, { headers: { Accept: 'application/json' } });
    } catch (e) {
      throw new ApiError('The server cannot be reached. Is sanctiondb serve running?', 0);
    }
    let body = null;
    try {
      body = await res.json();
    } catch (e) {
      body = null;
    }
    if (!res.ok) {
      const message = body && typeof body.message === 'string'
        ? body.message
        : 'The server answered ' + res.status + '.';
      throw new ApiError(message, res.status);
    }
    if (body === null) throw new ApiError('The server answered without JSON.', res.status);
    return body;
  }

  // --- routing ------------------------------------------------------------

  function hashParams() {
    return new URLSearchParams(location.hash.replace(/^#/, ''));
  }

  function route() {
    const params = hashParams();
    const view = ++generation;
    setError('');
    const id = params.get('entity');
    const q = params.get('q');
    if (id) {
      openEntity(id, view);
    } else if (q && q.trim()) {
      runSearch(params, view);
    } else {
      openHome(view);
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const params = new URLSearchParams();
    params.set('q', queryInput.value.trim());
    for (const name of FILTERS) {
      const value = form.elements[name].value.trim();
      if (value) params.set(name, value);
    }
    const hash = '#' + params.toString();
    if (location.hash === hash) {
      route();
    } else {
      location.hash = hash;
    }
  });

  window.addEventListener('hashchange', route);

  // --- home ---------------------------------------------------------------

  async function openHome(view) {
    show(home);
    setStatus('');
    fillForm(new URLSearchParams());
    const box = $('lists-summary');
    if (box.childElementCount) return;
    try {
      const lists = await getJSON('/lists');
      if (view !== generation) return;
      const counts = Object.entries(lists.counts || {}).map(([source, c]) => [
        source.toUpperCase(),
        String(c.entities),
        String(c.names),
      ]);
      box.append(
        table('Entities per source', ['Source', 'Entities', 'Names'], counts),
        el('p', { class: 'muted' },
          'Index ', lists.index_version, ', built ', lists.built_at, ' from ',
          String((lists.lists || []).length), ' list files.'));
    } catch (e) {
      if (view === generation) setError(e.message);
    }
  }

  // --- search -------------------------------------------------------------

  function fillForm(params) {
    queryInput.value = params.get('q') || '';
    let filtered = false;
    for (const name of FILTERS) {
      const value = params.get(name) || '';
      form.elements[name].value = value;
      filtered = filtered || value !== '';
    }
    if (filtered) form.querySelector('details.filters').open = true;
  }

  async function runSearch(params, view) {
    fillForm(params);
    lastSearch = location.hash;
    show(results);
    clear(resultList);
    const q = params.get('q').trim();
    const request = new URLSearchParams({ q });
    for (const name of FILTERS) {
      const value = (params.get(name) || '').trim();
      if (value) request.set(name, value);
    }
    setStatus('Searching for “' + q + '”…');
    results.setAttribute('aria-busy', 'true');
    try {
      const answer = await getJSON('/search?' + request.toString());
      if (view !== generation) return;
      renderResults(answer);
    } catch (e) {
      if (view !== generation) return;
      setStatus('');
      setError(e.message);
    } finally {
      if (view === generation) results.removeAttribute('aria-busy');
    }
  }

  function renderResults(answer) {
    const list = answer.results || [];
    const threshold = fmtScore(answer.threshold);
    if (list.length === 0) {
      setStatus('No match at or above ' + threshold + ' for “' + answer.query + '”.');
    } else {
      const alerts = list.filter((r) => r.alert).length;
      setStatus(list.length + (list.length === 1 ? ' match' : ' matches') + ' for “' +
        answer.query + '” at or above ' + threshold + (alerts ? ', ' + alerts + ' alerting' : '') +
        ' (index ' + answer.index_version + ').');
    }
    resultList.append(...list.map(renderResult));
  }

  function renderResult(r) {
    const x = r.explanation || {};
    const head = el('div', { class: 'result-head' },
      el('span', { class: 'score', title: 'score' }, fmtScore(r.score)),
      el('meter', { min: 0, max: 1, value: r.score, 'aria-label': 'score' }),
      entityLink(r.entity_id, r.name),
      r.alert ? el('span', { class: 'badge alert' }, 'alert') : null,
      el('span', { class: 'badge' }, r.schema));
    return el('li', { class: 'result' + (r.alert ? ' is-alert' : '') },
      head,
      defs([
        ['Matched name', x.name_kind && r.matched_name ? [r.matched_name, ' (' + x.name_kind + ')'] : r.matched_name],
        ['Lists', (r.lists || []).join(', ')],
        ['Sources', (r.sources || []).join(', ')],
        ['Id', r.entity_id],
      ], 'defs inline'),
      renderExplanation(x));
  }

  // How a result matched: method and reading, each Hangul syllable against
  // the listed spelling, the notes; the token arithmetic folded away.
  function renderExplanation(x) {
    const box = el('div', { class: 'explanation' },
      defs([['Method', x.method], ['Read as', x.reading]], 'defs inline'));
    if (Array.isArray(x.syllables) && x.syllables.length) {
      box.append(el('ul', { class: 'syllables', 'aria-label': 'Syllable by syllable' },
        x.syllables.map((s) => el('li', {
          class: 'syllable ' + (s.outcome || ''),
          title: [s.part, s.key ? 'key ' + s.key : ''].filter(Boolean).join(', '),
        },
        el('span', { lang: 'ko' }, s.query || ''), ' → ', s.listed || '–',
        el('span', { class: 'mark', 'aria-hidden': 'true' }, s.outcome === 'match' ? ' ✓' : ' ✗'),
        el('span', { class: 'sr-only' }, ' ' + (s.outcome || ''))))));
    }
    if (Array.isArray(x.notes) && x.notes.length) {
      box.append(el('ul', { class: 'notes' }, x.notes.map((n) => el('li', null, n))));
    }
    if (Array.isArray(x.unmatched_listed) && x.unmatched_listed.length) {
      box.append(defs([['Listed, not in the query', x.unmatched_listed.join(' ')]], 'defs inline'));
    }
    if (Array.isArray(x.tokens) && x.tokens.length) {
      box.append(el('details', null, el('summary', null, 'Token by token'),
        table('Token by token', ['Query', 'Listed', 'Similarity', 'Weight'],
          x.tokens.map((t) => [t.query || '', t.listed || '', fmtScore(t.similarity),
            typeof t.weight === 'number' ? t.weight.toFixed(1) : '']))));
    }
    return box;
  }

  // --- entity -------------------------------------------------------------

  async function openEntity(id, view) {
    show(entityView);
    clear(entityView);
    setStatus('Loading ' + id + '…');
    entityView.setAttribute('aria-busy', 'true');
    try {
      let entity = null;
      let missing = null;
      try {
        entity = await getJSON('/entities/' + encodeURIComponent(id));
      } catch (e) {
        // Not a listed entity: it may still be a node of the network (a
        // DPRK state body), so the view shows what the network knows.
        if (e.status !== 404) throw e;
        missing = e.message;
      }
      if (view !== generation) return;
      setStatus('');
      if (entity) {
        renderEntity(entity, view);
      } else {
        renderUnlisted(id, missing, view);
      }
      $('entity-title').focus({ preventScroll: true });
      window.scrollTo(0, 0);
    } catch (e) {
      if (view !== generation) return;
      setStatus('');
      setError(e.message);
    } finally {
      if (view === generation) entityView.removeAttribute('aria-busy');
    }
  }

  function backLink() {
    return lastSearch
      ? el('p', { class: 'back' }, el('a', { href: lastSearch }, '← Back to the results'))
      : null;
  }

  function caption(entity) {
    const names = entity.names || [];
    const primary = names.find((n) => n.kind === 'primary') || names[0];
    return primary ? primary.full : entity.id;
  }

  function renderEntity(e, view) {
    append(entityView, [
      backLink(),
      el('h2', { id: 'entity-title', tabindex: '-1' }, caption(e)),
      defs([['Id', e.id], ['Schema', e.schema], ['Version', e.entity_version]], 'defs inline meta'),
      renderNames(e.names || []),
      renderLists(e.lists || []),
      renderDetails(e),
      renderIdentifiers(e.identifiers || []),
      renderAddresses(e.addresses || []),
      renderRelations(e.relations || []),
      renderNetworkSection(e.id, view),
      renderFacts(e.facts || [], e.remarks || []),
      renderSourceUrls(e.source_urls || []),
    ]);
  }

  // A node of the network that no list record has (a DPRK state body), or
  // an id nothing knows: the server's message, then the network if any.
  function renderUnlisted(id, message, view) {
    const title = el('h2', { id: 'entity-title', tabindex: '-1' }, id);
    append(entityView, [
      backLink(),
      title,
      el('p', { class: 'note', id: 'entity-missing' }, 'No list record: ', message),
      renderNetworkSection(id, view, (center) => {
        title.textContent = center.name || id;
        if (center.body) title.append(' ', el('span', { class: 'badge' }, 'state body'));
      }),
    ]);
  }

  // The romanizations the server generated for a name (`romanizations`:
  // spellings, or {text, system} / {text, systems}), in one line.
  function romanizations(name) {
    const list = Array.isArray(name.romanizations) ? name.romanizations : [];
    return list.map((r) => {
      if (typeof r === 'string') return r;
      const systems = Array.isArray(r.systems) ? r.systems.join(', ') : r.system;
      return (r.text || '') + (systems ? ' (' + systems + ')' : '');
    }).join('; ');
  }

  // Every name with its kind; the romanizations column only when the
  // server sent some.
  function renderNames(names) {
    const spelled = names.map(romanizations);
    const withSpellings = spelled.some(Boolean);
    const headers = ['Name', 'Kind', 'Script', 'Family / given', 'Origin'];
    return section('names-title', 'Names and aliases',
      table('Names and aliases', withSpellings ? [...headers, 'Romanizations'] : headers,
        names.map((n, i) => [
          el('span', { lang: n.script === 'hangul' ? 'ko' : null }, n.full),
          el('span', { class: 'kind ' + n.kind }, n.kind),
          n.script || '',
          [n.family, n.given].filter(Boolean).join(' / '),
          n.origin || '',
          withSpellings ? spelled[i] : null,
        ].filter((cell) => cell !== null))));
  }

  function renderLists(lists) {
    return section('lists-title', 'Lists and programs',
      table('Lists and programs', ['List', 'Source', 'Programs', 'Listed on', 'File'],
        lists.map((l) => [l.list, l.source, (l.programs || []).join(', '), l.listed_on || '', l.file || ''])));
  }

  function renderDetails(e) {
    const births = (e.birth_dates || []).map((b) => b.text + (b.kind && b.kind !== 'exact' ? ' (' + b.kind + ')' : ''));
    const pairs = [
      ['Dates of birth', births.join('; ')],
      ['Places of birth', (e.birth_places || []).join('; ')],
      ['Nationalities', (e.nationalities || []).join(', ')],
      ['Countries', (e.countries || []).join(', ')],
      ['Gender', e.gender],
    ];
    if (!pairs.some(([, v]) => v)) return null;
    return section('details-title', 'Details', defs(pairs));
  }

  function renderIdentifiers(ids) {
    if (!ids.length) return null;
    return section('identifiers-title', 'Identifiers',
      table('Identifiers', ['Kind', 'Value', 'Country', 'Note'],
        ids.map((i) => [i.kind, el('code', null, i.value), i.country || '', i.note || ''])));
  }

  function renderAddresses(addresses) {
    if (!addresses.length) return null;
    return section('addresses-title', 'Addresses',
      el('ul', null, addresses.map((a) =>
        el('li', null, [a.text, a.country].filter(Boolean).join(', ')))));
  }

  function renderRelations(relations) {
    if (!relations.length) return null;
    return section('relations-title', 'Relations as listed',
      table('Relations as listed', ['Relation', 'Other side', 'Evidence'],
        relations.map((r) => [
          r.kind,
          r.target_id ? entityLink(r.target_id, r.target_name) : r.target_name,
          el('span', { class: 'evidence' }, r.evidence),
        ])));
  }

  function renderFacts(facts, remarks) {
    if (!facts.length && !remarks.length) return null;
    return section('facts-title', 'Facts and remarks',
      defs(facts.map((f) => [f.key.replace(/_/g, ' '), f.value])),
      remarks.length ? el('ul', { class: 'remarks' }, remarks.map((r) => el('li', null, r))) : null);
  }

  // Sources of curated records, as links the analyst may follow; the page
  // itself loads nothing from them.
  function renderSourceUrls(urls) {
    if (!urls.length) return null;
    return section('sources-title', 'Sources',
      el('ul', { class: 'sources' }, urls.map((u) => el('li', null,
        /^https?:\/\//i.test(u)
          ? el('a', { href: u, rel: 'noopener noreferrer', target: '_blank' }, u)
          : u))));
  }

  // --- network ------------------------------------------------------------

  // The network around `id`; `onCenter(node)` is told the centre node once
  // the network is loaded.
  function renderNetworkSection(id, view, onCenter) {
    const depth = el('select', { id: 'network-depth', name: 'depth' },
      [1, 2, 3].map((d) => el('option', { value: d }, String(d))));
    const body = el('div', { id: 'network-body', 'aria-live': 'polite' });
    // A depth asked for later wins over an earlier answer that comes late.
    let asked = 0;
    const load = async () => {
      const mine = ++asked;
      const current = () => view === generation && mine === asked;
      const center = await loadNetwork(id, depth.value, body, current);
      if (center && onCenter) onCenter(center);
    };
    depth.addEventListener('change', load);
    load();
    return section('network-title', 'Network',
      el('p', { class: 'controls' }, el('label', { for: 'network-depth' }, 'Depth '), depth),
      body);
  }

  // Fills `body` with the nodes and edges within `depth` hops of `id` and
  // returns the centre node; says "No network" when there is none (the
  // server answers 404, or has no edge). Does nothing once `current()` says
  // the answer is no longer wanted.
  async function loadNetwork(id, depth, body, current) {
    clear(body);
    body.append(el('p', { class: 'muted' }, 'Loading the network…'));
    body.dataset.state = 'loading';
    let net = null;
    let problem = 'No network for this entity.';
    try {
      net = await getJSON('/entities/' + encodeURIComponent(id) + '/network?depth=' + encodeURIComponent(depth));
    } catch (e) {
      if (e.status !== 404) problem = 'No network: ' + e.message;
    }
    if (!current()) return null;
    clear(body);
    const nodes = net && Array.isArray(net.nodes) ? net.nodes : [];
    const edges = net && Array.isArray(net.edges) ? net.edges : [];
    if (!net) {
      body.append(el('p', { class: 'muted' }, problem));
      body.dataset.state = 'none';
      return null;
    }
    const byId = new Map(nodes.map((n) => [n.id, n]));
    if (!edges.length) {
      body.append(el('p', { class: 'muted' }, 'No network: no relation to another listed entity.'));
      body.dataset.state = 'empty';
      return byId.get(id) || null;
    }
    const nameOf = (nid) => (byId.get(nid) || {}).name || nid;
    const nodeRef = (nid) => (nid === id ? el('strong', null, nameOf(nid)) : entityLink(nid, nameOf(nid)));
    body.append(
      table('Network nodes', ['Name', 'Schema', 'Sources', 'Hops', 'Id'],
        nodes.map((n) => [
          [nodeRef(n.id), n.body ? [' ', el('span', { class: 'badge' }, 'state body')] : null],
          n.schema || '', (n.sources || []).join(', '), n.depth === undefined ? '' : String(n.depth), n.id])),
      table('Network edges', ['From', 'Relation', 'To', 'Evidence', 'Source', 'Found by'],
        edges.map((e) => [nodeRef(e.from), e.relation || '', nodeRef(e.to),
          el('span', { class: 'evidence' }, e.evidence || ''), e.source || '',
          (e.method || '') + (typeof e.score === 'number' ? ' ' + fmtScore(e.score) : '')])));
    body.dataset.state = 'shown';
    return byId.get(id) || null;
  }

  route();
})();
