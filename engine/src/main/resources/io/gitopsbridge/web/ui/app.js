// GitOps Bridge dashboard: plain DOM, no framework, no external resources. Every host serves this file next to
// index.html and the JSON API at "api/" relative to the page, so the same file works at "/" and under Jenkins.
(function () {
  'use strict';

  var TOKEN_KEY = 'gitops-bridge-token';
  var HEALTH_ICONS = { Healthy: '\u2665', Progressing: '\u25D4', Degraded: '\u2716', Suspended: '\u23F8', Missing: '?', Unknown: '?' };
  var SYNC_ICONS = { Synced: '\u2714', OutOfSync: '\u21C4', Unknown: '?' };
  var main = document.getElementById('main');
  var announce = document.getElementById('announce');
  var timer = null;
  var view = null;

  function h(tag, attrs) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) { return; }
      if (k === 'text') { el.textContent = v; } else if (k.slice(0, 2) === 'on') { el.addEventListener(k.slice(2), v); }
      else { el.setAttribute(k, v === true ? '' : String(v)); }
    });
    for (var i = 2; i < arguments.length; i++) { append(el, arguments[i]); }
    return el;
  }

  function append(el, child) {
    if (child === null || child === undefined || child === false) { return; }
    if (Array.isArray(child)) { child.forEach(function (c) { append(el, c); }); return; }
    el.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }

  function say(message) { announce.textContent = message; }

  // Draws el's children again only when what they show changed, so a poll does not take keyboard focus or a click
  // away from a control that stays the same.
  function redraw(el, data, build) {
    var key = JSON.stringify(data);
    if (el.getAttribute('data-drawn') === key) { return; }
    el.setAttribute('data-drawn', key);
    el.replaceChildren.apply(el, build());
  }

  function headers(post) {
    var out = {};
    var token = sessionStorage.getItem(TOKEN_KEY);
    if (token) { out.Authorization = 'Bearer ' + token; }
    if (post) {
      out['Content-Type'] = 'application/json';
      // Jenkins puts its crumb in the page; other hosts have none.
      var crumb = document.querySelector('meta[name="gitops-bridge-crumb"]');
      if (crumb) { out[crumb.getAttribute('data-header')] = crumb.getAttribute('content'); }
    }
    return out;
  }

  function api(path, options) {
    options = options || {};
    var post = options.method === 'POST';
    return fetch('api/' + path, { method: options.method || 'GET', headers: headers(post), credentials: 'same-origin',
      body: post ? JSON.stringify(options.body || {}) : undefined }).then(function (r) {
      return r.text().then(function (text) {
        var data = null;
        try { data = text ? JSON.parse(text) : null; } catch (e) { data = { error: text }; }
        if (r.status === 401) { askToken(); throw new Error('This dashboard needs its token.'); }
        if (!r.ok) { throw new Error((data && data.error) || ('HTTP ' + r.status)); }
        return data;
      });
    });
  }

  function askToken() {
    // A new view: the polls of the one before end, so the form is not drawn again under the user's typing.
    view = {};
    stop();
    var input = h('input', { type: 'password', id: 'token', autocomplete: 'off' });
    main.replaceChildren(h('h1', { text: 'Sign in' }),
      h('form', { onsubmit: function (e) { e.preventDefault(); sessionStorage.setItem(TOKEN_KEY, input.value); route(); } },
        h('p', null, h('label', { for: 'token' }, 'Dashboard token'), ' ', input, ' ', h('button', { type: 'submit', class: 'primary' }, 'Sign in'))));
    input.focus();
  }

  function healthBadge(status) {
    status = status || 'Unknown';
    return h('span', { class: 'badge health-badge h-' + status }, h('span', { class: 'icon', 'aria-hidden': 'true', text: HEALTH_ICONS[status] || '?' }), status);
  }

  function syncBadge(status) {
    status = status || 'Unknown';
    return h('span', { class: 'badge sync-badge s-' + status }, h('span', { class: 'icon', 'aria-hidden': 'true', text: SYNC_ICONS[status] || '?' }), status);
  }

  function phaseBadge(phase) { return h('span', { class: 'badge phase-badge p-' + phase, text: phase }); }

  function short(rev) { return rev && /^[0-9a-f]{40}$/.test(rev) ? rev.slice(0, 7) : (rev || ''); }

  function stop() { if (timer) { clearTimeout(timer); timer = null; } }

  function every(ms, fn) {
    stop();
    var token = view;
    function tick() { fn().catch(function (e) { showError(e); }).then(function () { if (view === token) { timer = setTimeout(tick, ms); } }); }
    tick();
  }

  function showError(e) {
    var box = document.getElementById('error');
    if (box) { box.textContent = e.message; }
  }

  // The list of applications, with filters that live in the URL so a view can be shared.
  function listView(params) {
    var filters = { project: params.get('project') || '', sync: params.get('sync') || '', health: params.get('health') || '',
      q: params.get('q') || '' };
    var body = h('tbody');
    var counts = h('ul', { class: 'counts', 'aria-label': 'Counts' });
    var project = h('select', { id: 'filter-project' }, h('option', { value: '' }, 'All projects'));
    function choice(id, label, values, current) {
      var select = h('select', { id: id }, h('option', { value: '' }, 'Any'));
      values.forEach(function (v) { select.appendChild(h('option', { value: v, selected: v === current }, v)); });
      return h('label', { for: id }, label, select);
    }
    var search = h('input', { type: 'search', id: 'filter-q', value: filters.q, placeholder: 'Name or repository' });
    var form = h('div', { class: 'filters', role: 'search' },
      h('label', { for: 'filter-project' }, 'Project', project),
      choice('filter-sync', 'Sync status', ['Synced', 'OutOfSync', 'Unknown'], filters.sync),
      choice('filter-health', 'Health status', ['Healthy', 'Progressing', 'Degraded', 'Suspended', 'Missing', 'Unknown'], filters.health),
      h('label', { for: 'filter-q' }, 'Search', search));
    function apply() {
      var p = new URLSearchParams();
      ['project', 'sync', 'health', 'q'].forEach(function (k) {
        var v = document.getElementById('filter-' + k).value;
        if (v) { p.set(k, v); }
      });
      location.hash = '#/' + (p.toString() ? '?' + p.toString() : '');
    }
    form.addEventListener('change', apply);
    search.addEventListener('keydown', function (e) { if (e.key === 'Enter') { apply(); } });
    main.replaceChildren(h('h1', { text: 'Applications' }), form, counts, h('p', { id: 'error', class: 'error', role: 'alert' }),
      h('table', { id: 'applications' }, h('caption', { class: 'sr-only', text: 'Applications' }),
        h('thead', null, h('tr', null, ['Name', 'Project', 'Sync', 'Health', 'Source', 'Revision', 'Last operation'].map(function (t) {
          return h('th', { scope: 'col', text: t });
        }))), body));
    every(3000, function () {
      var q = new URLSearchParams();
      ['project', 'sync', 'health'].forEach(function (k) { if (filters[k]) { q.set(k, filters[k]); } });
      return api('applications' + (q.toString() ? '?' + q.toString() : '')).then(function (data) {
        if (project.options.length === 1) {
          data.projects.forEach(function (p) { project.appendChild(h('option', { value: p, selected: p === filters.project }, p)); });
        }
        var items = data.items.filter(function (a) {
          var text = (a.name + ' ' + a.sources.map(function (s) { return s.repoURL + ' ' + (s.path || ''); }).join(' ')).toLowerCase();
          return !filters.q || text.indexOf(filters.q.toLowerCase()) >= 0;
        });
        var c = [h('li', { id: 'count-total' }, items.length + ' application' + (items.length === 1 ? '' : 's'))];
        Object.keys(data.counts.sync).forEach(function (k) { c.push(h('li', { 'data-sync': k }, syncBadge(k), ' ', String(data.counts.sync[k]))); });
        Object.keys(data.counts.health).forEach(function (k) { c.push(h('li', { 'data-health': k }, healthBadge(k), ' ', String(data.counts.health[k]))); });
        counts.replaceChildren.apply(counts, c);
        redraw(body, items, function () {
          return items.length ? items.map(row) : [h('tr', null, h('td', { colspan: 7, class: 'muted', text: 'No applications match.' }))];
        });
        document.getElementById('error').textContent = '';
      });
    });
  }

  function row(a) {
    var source = a.sources[0] || {};
    return h('tr', { 'data-app': a.name, class: a.sync === 'OutOfSync' ? 'out-of-sync' : null },
      h('td', null, h('a', { href: '#/app/' + encodeURIComponent(a.name), text: a.name })),
      h('td', { text: a.project }),
      h('td', null, syncBadge(a.sync)),
      h('td', null, healthBadge(a.health)),
      h('td', null, (source.repoURL || '') + (source.path ? ' : ' + source.path : '')),
      h('td', { text: short(a.revisions[0]) }),
      h('td', null, a.operation ? phaseBadge(a.operation.phase) : h('span', { class: 'muted', text: 'none' })));
  }

  // One application: its state, the actions, the resource tree with a live diff, history and events.
  function appView(name) {
    var selected = null;
    var lastReconciled = null;
    var diffData = null;
    var header = h('div');
    var operation = h('div', { id: 'operation', 'aria-live': 'polite' });
    var tree = h('ul', { class: 'tree', id: 'tree', 'aria-label': 'Resources' });
    var diffTitle = h('h2', { id: 'diff-title', text: 'Differences' });
    var diff = h('pre', { class: 'diff', id: 'diff', tabindex: '0' });
    var history = h('tbody');
    var events = h('ol', { class: 'events', id: 'events' });
    var prune = h('input', { type: 'checkbox', id: 'opt-prune' });
    var dryRun = h('input', { type: 'checkbox', id: 'opt-dry-run' });
    var terminate = h('button', { id: 'terminate', class: 'danger', disabled: true, onclick: function () { act('terminate'); } }, 'Terminate');
    var actions = h('div', { class: 'actions', role: 'group', 'aria-label': 'Actions' },
      h('button', { id: 'sync', class: 'primary', onclick: function () { act('sync', { prune: prune.checked, dryRun: dryRun.checked }); } }, 'Sync'),
      h('label', { for: 'opt-prune' }, prune, 'Prune'), h('label', { for: 'opt-dry-run' }, dryRun, 'Dry run'),
      h('button', { id: 'refresh', onclick: function () { act('refresh'); } }, 'Refresh'),
      h('button', { id: 'hard-refresh', onclick: function () { act('refresh?hard=true'); } }, 'Hard refresh'),
      terminate);
    var app = null;
    main.replaceChildren(h('p', null, h('a', { href: '#/', text: 'Applications' }), ' / ', name),
      h('h1', { id: 'app-name', text: name }), header, actions, h('p', { id: 'error', class: 'error', role: 'alert' }), operation,
      h('div', { class: 'columns' },
        h('section', { 'aria-labelledby': 'tree-title' }, h('h2', { id: 'tree-title', text: 'Resources' }), tree),
        h('section', { 'aria-labelledby': 'diff-title' }, diffTitle, diff)),
      h('section', { 'aria-labelledby': 'history-title' }, h('h2', { id: 'history-title', text: 'History' }),
        h('table', { id: 'history' }, h('thead', null, h('tr', null, ['ID', 'Revision', 'Deployed', 'By', ''].map(function (t) {
          return h('th', { scope: 'col', text: t });
        }))), history)),
      h('section', { 'aria-labelledby': 'events-title' }, h('h2', { id: 'events-title', text: 'Events' }), events));

    function act(what, body) {
      var error = document.getElementById('error');
      error.textContent = '';
      return api('applications/' + encodeURIComponent(name) + '/' + what, { method: 'POST', body: body }).then(function (r) {
        say(r.message);
        setTimeout(load, 300);
      }).catch(function (e) { error.textContent = e.message; say(e.message); });
    }

    function facts(a) {
      var s = a.sources[0] || {};
      var d = a.destination;
      return h('dl', { class: 'facts' },
        h('dt', { text: 'Status' }), h('dd', null, syncBadge(a.sync), ' ', healthBadge(a.health),
          a.healthMessage ? h('span', { class: 'muted', text: ' ' + a.healthMessage }) : null),
        h('dt', { text: 'Project' }), h('dd', { text: a.project }),
        h('dt', { text: 'Source' }), h('dd', { text: (s.repoURL || '') + (s.path ? ' : ' + s.path : '') + ' @ ' + (s.targetRevision || 'HEAD') }),
        h('dt', { text: 'Revision' }), h('dd', { id: 'revision', text: a.revisions.join(', ') || 'none' }),
        h('dt', { text: 'Destination' }), h('dd', { text: (d.name || d.server || '') + ' / ' + (d.namespace || '') }),
        h('dt', { text: 'Sync policy' }), h('dd', { text: a.automated ? 'automated' + (a.selfHeal ? ', self-heal' : '') + (a.autoPrune ? ', prune' : '') : 'manual' }),
        h('dt', { text: 'Compared' }), h('dd', { text: a.reconciledAt || 'not yet' }),
        (a.status.conditions || []).length ? [h('dt', { text: 'Conditions' }), h('dd', { class: 'error' }, a.status.conditions.map(function (c) {
          return h('div', { text: c.type + ': ' + c.message });
        }))] : null,
        null);
    }

    function showOperation(op) {
      if (!op) { operation.replaceChildren(); terminate.disabled = !app.operationRunning; return; }
      terminate.disabled = op.phase !== 'Running' && !app.operationRunning;
      var results = ((op.syncResult || {}).resources || []);
      operation.className = 'panel p-' + op.phase;
      operation.replaceChildren(h('h2', null, 'Last operation ', phaseBadge(op.phase)),
        h('p', { id: 'operation-message', text: op.message || '' }),
        h('p', null, 'Revision ', h('code', { id: 'operation-revision', text: (op.syncResult || {}).revision ||
          ((op.syncResult || {}).revisions || []).join(', ') })),
        h('p', { class: 'muted', text: 'Started ' + op.startedAt + (op.finishedAt ? ', finished ' + op.finishedAt : '') +
          (op.operation && op.operation.initiatedBy ? ' by ' + (op.operation.initiatedBy.username || (op.operation.initiatedBy.automated ? 'automated sync' : '')) : '') }),
        results.length ? h('table', { id: 'operation-resources' }, h('thead', null, h('tr', null, ['Kind', 'Name', 'Status', 'Message'].map(function (t) {
          return h('th', { scope: 'col', text: t });
        }))), h('tbody', null, results.map(function (r) {
          return h('tr', null, h('td', { text: r.kind }), h('td', { text: (r.namespace ? r.namespace + '/' : '') + r.name }),
            h('td', { text: r.status }), h('td', { text: r.message || '' }));
        }))) : null);
    }

    function key(n) { return [n.group || '', n.kind, n.namespace || '', n.name].join('/'); }

    function node(n, top) {
      var li = h('li', { 'data-kind': n.kind, 'data-name': n.name, class: top && n.status === 'OutOfSync' ? 'out-of-sync' : null });
      // As in Argo CD, a kind without a health check (a ConfigMap) shows none.
      var label = [n.health ? healthBadge(n.health) : null, h('span', { class: 'kind', text: n.kind }), h('span', { text: n.name })];
      if (top) {
        label.push(syncBadge(n.status));
        if (n.requiresPruning) { label.push(h('span', { class: 'badge s-OutOfSync', text: 'requires pruning' })); }
        li.appendChild(h('button', { class: 'node', type: 'button', 'aria-pressed': selected === key(n) ? 'true' : 'false',
          'aria-label': n.kind + ' ' + n.name + ', ' + (n.health || 'no health') + ', ' + n.status,
          onclick: function () { selected = selected === key(n) ? null : key(n); showDiff(); load(); } }, label));
      } else {
        li.appendChild(h('span', { class: 'node' }, label));
      }
      if (n.children && n.children.length) { li.appendChild(h('ul', null, n.children.map(function (c) { return node(c, false); }))); }
      return li;
    }

    function showDiff() {
      if (!diffData) { diff.textContent = 'Comparing…'; return; }
      var shown = diffData.resources.filter(function (r) { return selected ? key(r) === selected : r.status === 'OutOfSync'; });
      diffTitle.textContent = selected ? 'Differences: ' + selected.split('/').filter(Boolean).join(' ') : 'Differences of OutOfSync resources';
      var lines = [];
      shown.forEach(function (r) {
        if (r.message) { lines.push(h('span', { class: 'hunk', text: '# ' + r.kind + ' ' + r.name + ': ' + r.message })); }
        (r.diff || '').split('\n').forEach(function (l) {
          if (l === '') { return; }
          var cls = /^(\+\+\+|---)/.test(l) ? 'hunk' : l[0] === '+' ? 'add' : l[0] === '-' ? 'del' : l.slice(0, 2) === '@@' ? 'hunk' : null;
          lines.push(h('span', { class: cls }, l + '\n'));
        });
      });
      diff.replaceChildren.apply(diff, lines.length ? lines : [h('span', { class: 'muted', text: selected ? 'No differences.' : 'Everything is in sync with Git.' })]);
    }

    function loadDiff() {
      return api('applications/' + encodeURIComponent(name) + '/diff').then(function (d) { diffData = d; showDiff(); });
    }

    function load() {
      return Promise.all([api('applications/' + encodeURIComponent(name)), api('applications/' + encodeURIComponent(name) + '/tree'),
        api('applications/' + encodeURIComponent(name) + '/events')]).then(function (all) {
        app = all[0];
        header.replaceChildren(facts(app));
        showOperation(app.status.operationState);
        redraw(tree, [all[1].nodes, selected], function () {
          return all[1].nodes.length ? all[1].nodes.map(function (n) { return node(n, true); })
            : [h('li', { class: 'muted', text: 'No resources.' })];
        });
        redraw(history, [app.status.history || [], app.automated], function () { return (app.status.history || []).slice().reverse().map(function (e) {
          var revision = e.revision || (e.revisions || []).join(', ');
          return h('tr', { 'data-history': e.id }, h('td', { text: String(e.id) }), h('td', { text: short(revision) }),
            h('td', { text: e.deployedAt || '' }),
            h('td', { text: e.initiatedBy ? (e.initiatedBy.username || (e.initiatedBy.automated ? 'automated sync' : '')) : '' }),
            h('td', null, h('button', { 'data-rollback': e.id, disabled: app.automated,
              title: app.automated ? 'Rollback cannot be initiated when auto-sync is enabled' : null,
              'aria-label': 'Roll back to ' + e.id + ' (' + short(revision) + ')',
              onclick: function () { act('rollback', { id: e.id }); } }, 'Rollback')));
        }); });
        redraw(events, all[2].events.slice(-20), function () {
          return all[2].events.slice(-20).reverse().map(function (e) {
            return h('li', null, h('time', { datetime: e.at, text: e.at.replace('T', ' ').replace(/\.\d+Z$/, 'Z') }), ' ', e.message);
          });
        });
        if (app.reconciledAt !== lastReconciled) {
          var seen = app.reconciledAt;
          return loadDiff().then(function () { lastReconciled = seen; });
        }
      });
    }

    every(2000, load);
  }

  function decoded(text) {
    try { return decodeURIComponent(text); } catch (e) { return text; }
  }

  function route() {
    var hash = location.hash.replace(/^#/, '') || '/';
    if (hash === 'main') {
      // The skip link: move to the content, stay on the page.
      main.focus();
      return;
    }
    view = {};
    var q = hash.indexOf('?');
    var path = q >= 0 ? hash.slice(0, q) : hash;
    var params = new URLSearchParams(q >= 0 ? hash.slice(q + 1) : '');
    var m = /^\/app\/(.+)$/.exec(path);
    if (m) {
      document.title = decoded(m[1]) + ' - GitOps Bridge';
      appView(decoded(m[1]));
    } else {
      document.title = 'Applications - GitOps Bridge';
      listView(params);
    }
  }

  document.querySelector('.skip').addEventListener('click', function (e) { e.preventDefault(); main.focus(); });
  window.addEventListener('hashchange', route);
  route();
}());
