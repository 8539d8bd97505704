/*
 * The page of `repro4j report` and `repro4j ui`. Data arrives as JSON (embedded, or from the UI's
 * read-only API) and enters the DOM only through textContent and createElement: no data is ever
 * parsed as HTML. Curves are drawn by uPlot, the sweep's parallel coordinates by ECharts (both
 * inlined in a report; loaded by the live page when it first draws one).
 */
(function () {
  'use strict';

  var DATA = JSON.parse(document.getElementById('repro4j-data').textContent);
  var CONFIG = DATA.config;
  var LIVE = CONFIG.mode === 'live';
  var PAGE_SIZE = CONFIG.pageSize || 50;
  var CHARTED_BY_DEFAULT = 10;
  var PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f',
    '#bcbd22', '#17becf'];

  var state = {
    runs: [], total: 0, offset: 0, columns: null, filter: '', order: null, sortKey: null, sortDesc: false,
    checked: {}, known: {}, details: {}, histories: {}, sweep: null, runView: null, charts: {}, generation: 0
  };

  function $(id) { return document.getElementById(id); }

  /** An element with text children only: strings become text nodes, never markup. */
  function el(tag, props) {
    var e = document.createElement(tag);
    if (props) {
      Object.keys(props).forEach(function (k) {
        if (k === 'text') { e.textContent = props[k]; }
        else if (k === 'cls') { e.className = props[k]; }
        else { e.setAttribute(k, props[k]); }
      });
    }
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c !== null && c !== undefined) { e.append(c); }
    }
    return e;
  }

  /**
   * The charting library NAME ('uplot' or 'echarts') as a promise. A report inlines both; the live
   * page loads each from the server (CONFIG.libraries: its URL and integrity hash) the first time
   * a chart needs it, so the runs table never waits for charting code.
   */
  var libraryLoads = {};
  var LIBRARY_GLOBALS = { uplot: 'uPlot', echarts: 'echarts' };
  function library(name) {
    var global = LIBRARY_GLOBALS[name];
    if (window[global]) { return Promise.resolve(window[global]); }
    if (!libraryLoads[name]) {
      libraryLoads[name] = new Promise(function (resolve, reject) {
        var lib = CONFIG.libraries && CONFIG.libraries[name];
        if (!lib) { reject(new Error('This page has no ' + name)); return; }
        var s = document.createElement('script');
        s.src = lib.src;
        s.integrity = lib.integrity;
        s.onload = function () { resolve(window[global]); };
        s.onerror = function () { delete libraryLoads[name]; reject(new Error('Could not load ' + lib.src)); };
        document.head.append(s);
      });
    }
    return libraryLoads[name];
  }

  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }

  function runHref(id) { return LIVE ? '/runs/' + encodeURIComponent(id) : '#/runs/' + encodeURIComponent(id); }
  function sweepHref(id) { return LIVE ? '/sweeps/' + encodeURIComponent(id) : '#/runs/' + encodeURIComponent(id); }

  function fetchJson(url) {
    return fetch(url, { headers: { 'Accept': 'application/json' } }).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) { throw new Error(body && body.error ? body.error : r.status + ' ' + r.statusText); }
        return body;
      });
    });
  }

  // ---- formatting ---------------------------------------------------------------------------

  function pad(n, w) { n = String(n); while (n.length < (w || 2)) { n = '0' + n; } return n; }
  function time(ms) {
    if (ms === null || ms === undefined) { return '-'; }
    var d = new Date(ms);
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' + pad(d.getHours()) + ':' +
      pad(d.getMinutes()) + ':' + pad(d.getSeconds());
  }
  function durationMs(r) { return r.end === null || r.end === undefined ? null : Math.max(0, r.end - r.start); }
  function duration(r) {
    var ms = durationMs(r);
    if (ms === null) { return r.status === 'RUNNING' ? 'running' : '-'; }
    if (ms < 60000) { return (ms / 1000).toFixed(1) + 's'; }
    var s = Math.floor(ms / 1000);
    if (s < 3600) { return Math.floor(s / 60) + 'm ' + pad(s % 60) + 's'; }
    return Math.floor(s / 3600) + 'h ' + pad(Math.floor((s % 3600) / 60)) + 'm';
  }
  function number(v) {
    if (v === null || v === undefined) { return '-'; }
    if (typeof v === 'string') { return v; }
    return String(Number(v.toPrecision(6)));
  }
  function shortId(id) { return id ? id.substring(0, 8) : '-'; }
  function orDash(s) { return s === null || s === undefined || s === '' ? '-' : String(s); }
  function commitText(r) {
    if (!r.git || !r.git.commit) { return '-'; }
    return r.git.commit.substring(0, 8) + (r.git.dirty ? ' (dirty)' : '');
  }
  function datasetsText(r) {
    var names = Object.keys(r.datasets || {}).sort();
    return names.length === 0 ? '-' : names.map(function (n) { return n + ' ' + r.datasets[n].substring(0, 8); }).join(', ');
  }
  function runLabel(r) { return (r.name || shortId(r.id)) + ' (' + shortId(r.id) + ')'; }

  // ---- the runs table -------------------------------------------------------------------------

  /** The table's columns: fixed ones, then the params and metrics that differ between runs. */
  function tableColumns() {
    var cols = [
      { key: 'status', title: 'status', order: 'attributes.status', value: function (r) { return r.status; } },
      { key: 'name', title: 'name', order: 'attributes.run_name', value: function (r) { return r.name || ''; }, link: true },
      { key: 'start', title: 'start', order: 'attributes.start_time', value: function (r) { return r.start; }, text: function (r) { return time(r.start); } },
      { key: 'duration', title: 'duration', value: durationMs, text: duration }
    ];
    var experiments = {};
    state.runs.forEach(function (r) { experiments[r.experimentId] = true; });
    if (Object.keys(experiments).length > 1) {
      cols.splice(2, 0, { key: 'experiment', title: 'experiment', value: function (r) { return r.experiment || ''; } });
    }
    var c = state.columns || { params: { varying: [] }, metrics: { varying: [] } };
    c.params.varying.forEach(function (k) {
      cols.push({ key: 'params.' + k, title: 'params.' + k, order: 'params.`' + k + '`', param: k,
        value: function (r) { return r.params[k] === undefined ? null : r.params[k]; } });
    });
    c.metrics.varying.forEach(function (k) {
      cols.push({ key: 'metrics.' + k, title: 'metrics.' + k, order: 'metrics.`' + k + '`', numeric: true,
        value: function (r) { return r.metrics[k] === undefined ? null : r.metrics[k]; }, text: function (r) { return number(r.metrics[k]); } });
    });
    var same = function (f) {
      if (state.runs.length < 2) { return false; }
      var first = f(state.runs[0]);
      return state.runs.every(function (r) { return f(r) === first; });
    };
    if (!same(commitText)) { cols.push({ key: 'commit', title: 'git commit', value: commitText }); }
    if (!same(datasetsText)) { cols.push({ key: 'datasets', title: 'datasets (md5)', value: datasetsText }); }
    if (state.runs.some(function (r) { return r.parent; })) {
      cols.push({ key: 'parent', title: 'parent', value: function (r) { return r.parent || ''; }, parentLink: true });
    }
    return cols;
  }

  function foldedLine() {
    var folded = $('folded');
    clear(folded);
    var c = state.columns;
    if (!c || state.runs.length < 2) { return; }
    var parts = [];
    Object.keys(c.params.constant).sort().forEach(function (k) { parts.push('params.' + k + ' = ' + c.params.constant[k]); });
    Object.keys(c.metrics.constant).sort().forEach(function (k) { parts.push('metrics.' + k + ' = ' + number(c.metrics.constant[k])); });
    var commit = commitText(state.runs[0]);
    if (state.runs.every(function (r) { return commitText(r) === commit; })) { parts.push('git commit = ' + commit); }
    var ds = datasetsText(state.runs[0]);
    if (state.runs.every(function (r) { return datasetsText(r) === ds; })) { parts.push('datasets = ' + ds); }
    if (parts.length > 0) { folded.textContent = 'Same in every run: ' + parts.join('; '); }
  }

  function compare(a, b) {
    if (a === b) { return 0; }
    if (a === null || a === undefined) { return 1; }
    if (b === null || b === undefined) { return -1; }
    var na = typeof a === 'number' ? a : Number(a);
    var nb = typeof b === 'number' ? b : Number(b);
    if (!isNaN(na) && !isNaN(nb) && a !== '' && b !== '') { return na - nb; }
    return String(a) < String(b) ? -1 : 1;
  }

  function renderTable() {
    var table = $('runs-table');
    var head = table.tHead;
    var body = table.tBodies[0];
    clear(head);
    clear(body);
    var cols = tableColumns();
    var rows = state.runs.slice();
    if (!LIVE && state.sortKey) {
      var col = cols.filter(function (c) { return c.key === state.sortKey; })[0];
      if (col) {
        rows.sort(function (a, b) {
          var d = compare(col.value(a), col.value(b));
          return state.sortDesc ? -d : d;
        });
      }
    }
    var tr = el('tr', null, el('th', { text: '' }));
    cols.forEach(function (c) {
      var sortable = !LIVE || c.order;
      var th = el('th', { text: c.title, 'data-key': c.key });
      if (sortable) {
        th.className = 'sortable' + (state.sortKey === c.key ? (state.sortDesc ? ' desc' : ' asc') : '');
        th.addEventListener('click', function () { sortBy(c); });
      }
      tr.append(th);
    });
    head.append(tr);
    rows.forEach(function (r) {
      state.known[r.id] = r;
      var row = el('tr', { 'data-run': r.id, cls: 'status-' + r.status.toLowerCase() });
      var box = el('input', { type: 'checkbox', 'aria-label': 'select ' + runLabel(r) });
      box.checked = !!state.checked[r.id];
      box.addEventListener('change', function () {
        if (box.checked) { state.checked[r.id] = r; } else { delete state.checked[r.id]; }
        renderCharts();
        renderDiffChoices();
      });
      row.append(el('td', null, box));
      cols.forEach(function (c) {
        var v = c.text ? c.text(r) : orDash(c.value(r));
        var td = el('td', { 'data-key': c.key });
        if (c.link) {
          td.append(el('a', { href: runHref(r.id), text: v === '-' || v === '' ? shortId(r.id) : v }));
        } else if (c.parentLink && r.parent) {
          td.append(el('a', { href: sweepHref(r.parent), text: 'sweep ' + shortId(r.parent) }));
        } else {
          td.textContent = v;
        }
        if (c.key === 'status') { td.className = 'status'; }
        row.append(td);
      });
      body.append(row);
    });
    $('runs-count').textContent = '(' + state.total + (state.filter ? ' matching' : '') + ')';
    foldedLine();
    var pager = $('pager');
    pager.hidden = !LIVE || state.total <= PAGE_SIZE;
    $('page-info').textContent = (state.total === 0 ? 0 : state.offset + 1) + '–' + (state.offset + state.runs.length) + ' of ' + state.total;
    $('prev').disabled = state.offset === 0;
    $('next').disabled = state.offset + state.runs.length >= state.total;
    document.body.setAttribute('data-table-ready', String(state.generation));
  }

  function sortBy(col) {
    if (state.sortKey === col.key) { state.sortDesc = !state.sortDesc; } else { state.sortKey = col.key; state.sortDesc = false; }
    if (LIVE) {
      state.order = col.order + (state.sortDesc ? ' DESC' : ' ASC');
      state.offset = 0;
      loadRuns().then(renderAll);
    } else {
      renderTable();
    }
  }

  // ---- metric curves (uPlot) -----------------------------------------------------------------

  function chartedRuns() {
    var ids = Object.keys(state.checked);
    if (ids.length > 0) { return ids.map(function (id) { return state.known[id] || state.checked[id]; }); }
    return state.runs.slice(0, CHARTED_BY_DEFAULT);
  }

  function loadHistories(runs, force) {
    if (!LIVE) { return Promise.resolve(); }
    return Promise.all(runs.map(function (r) {
      if (state.histories[r.id] && !force) { return null; }
      return fetchJson('/api/runs/' + encodeURIComponent(r.id) + '/metrics').then(function (h) { state.histories[r.id] = h; });
    }));
  }

  /** TensorBoard's smoothing: an exponential moving average, debiased at the start. */
  function smooth(values, weight) {
    if (!(weight > 0)) { return values; }
    var last = 0, n = 0;
    return values.map(function (v) {
      if (v === null || !isFinite(v)) { return v; }
      n++;
      last = last * weight + (1 - weight) * v;
      return last / (1 - Math.pow(weight, n));
    });
  }

  function chartData(key, runs, xAxis, weight, log) {
    var xs = {};
    var per = runs.map(function (r) {
      var h = state.histories[r.id] && state.histories[r.id][key];
      if (!h) { return null; }
      var x = xAxis === 'time' ? h.time.map(function (t) { return (t - r.start) / 1000; }) : h.step;
      var y = smooth(h.value, weight);
      var m = {};
      for (var i = 0; i < x.length; i++) {
        var v = y[i];
        if (log && v !== null && v <= 0) { v = null; }
        m[x[i]] = v;
        xs[x[i]] = true;
      }
      return m;
    });
    var xAll = Object.keys(xs).map(Number).sort(function (a, b) { return a - b; });
    var data = [xAll];
    var points = 0;
    per.forEach(function (m) {
      data.push(xAll.map(function (x) {
        if (!m || !(x in m)) { return null; }
        points++;
        return m[x];
      }));
    });
    return { data: data, points: points };
  }

  function renderCharts() {
    var box = $('charts');
    var runs = chartedRuns();
    loadHistories(runs, false).then(function () { drawCharts(box, runs); }, showError);
  }

  function drawCharts(box, runs) {
    if (!window.uPlot) {
      library('uplot').then(function () { drawCharts(box, runs); }, showError);
      return;
    }
    var xAxis = $('x-axis').value;
    var weight = Number($('smoothing').value);
    var log = $('log-scale').checked;
    var keys = {};
    runs.forEach(function (r) { Object.keys(state.histories[r.id] || r.metrics || {}).forEach(function (k) { keys[k] = true; }); });
    var sorted = Object.keys(keys).sort();
    var signature = JSON.stringify([runs.map(function (r) { return r.id; }), sorted, xAxis, log]);
    var width = Math.max(320, Math.min(560, box.clientWidth - 24));
    if (state.chartSignature === signature) {
      sorted.forEach(function (k) {
        var c = state.charts[k];
        var d = chartData(k, runs, xAxis, weight, log);
        c.plot.setData(d.data);
        c.node.setAttribute('data-points', String(d.points));
      });
      return;
    }
    Object.keys(state.charts).forEach(function (k) { state.charts[k].plot.destroy(); });
    state.charts = {};
    state.chartSignature = signature;
    clear(box);
    if (sorted.length === 0) { box.append(el('p', { text: 'No metrics logged by the runs shown.' })); }
    sorted.forEach(function (k) {
      var d = chartData(k, runs, xAxis, weight, log);
      var node = el('div', { cls: 'chart', 'data-metric': k, 'data-points': String(d.points) });
      node.append(el('h3', { text: k }));
      box.append(node);
      var series = [{ label: xAxis === 'time' ? 'seconds' : 'step' }];
      runs.forEach(function (r, i) {
        series.push({ label: runLabel(r), stroke: PALETTE[i % PALETTE.length], width: 1.5, spanGaps: true,
          value: function (u, v) { return v === null ? '-' : number(v); } });
      });
      var plot = new uPlot({
        width: width, height: 240, series: series,
        scales: { x: { time: false }, y: log ? { distr: 3 } : {} },
        axes: [{ label: xAxis === 'time' ? 'wall time (s since the run started)' : 'step' }, {}],
        legend: { live: true }
      }, d.data, node);
      state.charts[k] = { plot: plot, node: node };
    });
  }

  // ---- two-run diff --------------------------------------------------------------------------

  function loadDetails(id) {
    if (state.details[id]) { return Promise.resolve(state.details[id]); }
    if (!LIVE) { return Promise.reject(new Error('No details for run ' + id + ' in this report')); }
    return fetchJson('/api/runs/' + encodeURIComponent(id)).then(function (d) { state.details[id] = d; return d; });
  }

  function renderDiffChoices() {
    var candidates = [];
    var seen = {};
    Object.keys(state.checked).concat(state.runs.map(function (r) { return r.id; })).forEach(function (id) {
      if (!seen[id]) { seen[id] = true; candidates.push(state.known[id] || state.checked[id]); }
    });
    var a = $('diff-a'), b = $('diff-b');
    [a, b].forEach(function (s, i) {
      var keep = s.getAttribute('data-chosen');
      clear(s);
      candidates.forEach(function (r) { s.append(el('option', { value: r.id, text: runLabel(r) })); });
      var checked = Object.keys(state.checked);
      var want = checked.length >= 2 ? checked[i] : keep && seen[keep] ? keep : candidates[i] ? candidates[i].id : null;
      if (want) { s.value = want; }
    });
    renderDiff();
  }

  function section(key) {
    return key.indexOf('repro4j.dataset.') === 0 ? 'data' : key.indexOf('mlflow.source.git.') === 0 ? 'code' : null;
  }

  function diffRows(a, b) {
    var rows = { config: [], data: [], code: [], environment: [] };
    function add(sec, key, va, vb) {
      if (va !== vb) { rows[sec].push([key, va === undefined ? '(none)' : va, vb === undefined ? '(none)' : vb]); }
    }
    var keys = function (x, y) { return Object.keys(Object.assign({}, x, y)).sort(); };
    keys(a.params, b.params).forEach(function (k) { add('config', 'params.' + k, a.params[k], b.params[k]); });
    ['repro4j/overrides.yaml'].forEach(function (k) { add('config', k, (a.texts || {})[k], (b.texts || {})[k]); });
    keys(a.tags, b.tags).forEach(function (k) {
      var s = section(k);
      if (s) { add(s, k, a.tags[k], b.tags[k]); }
    });
    keys(a.environment, b.environment).forEach(function (k) { add('environment', k, a.environment[k], b.environment[k]); });
    return rows;
  }

  function renderDiff() {
    var box = $('diff');
    var ida = $('diff-a').value, idb = $('diff-b').value;
    $('diff-a').setAttribute('data-chosen', ida);
    $('diff-b').setAttribute('data-chosen', idb);
    if (!ida || !idb || ida === idb) {
      clear(box);
      box.append(el('p', { text: 'Choose two different runs.' }));
      return;
    }
    Promise.all([loadDetails(ida), loadDetails(idb)]).then(function (d) {
      if ($('diff-a').value !== ida || $('diff-b').value !== idb) { return; }
      clear(box);
      var rows = diffRows(d[0], d[1]);
      var table = el('table', { id: 'diff-table' });
      table.append(el('thead', null, el('tr', null, el('th', { text: '' }), el('th', { text: 'A: ' + runLabel(d[0]) }),
        el('th', { text: 'B: ' + runLabel(d[1]) }))));
      var body = el('tbody');
      var total = 0;
      ['config', 'data', 'code', 'environment'].forEach(function (s) {
        body.append(el('tr', { cls: 'section' }, el('th', { colspan: '3', text: s + (rows[s].length === 0 ? ': no differences' : '') })));
        rows[s].forEach(function (r) {
          total++;
          body.append(el('tr', { 'data-section': s }, el('td', { text: r[0] }), el('td', { text: r[1] }), el('td', { text: r[2] })));
        });
      });
      table.append(body);
      box.append(el('p', { text: total === 0 ? 'No differences.' : total + (total === 1 ? ' difference.' : ' differences.') }));
      box.append(table);
    }, showError);
  }

  // ---- sweep: parallel coordinates (ECharts) ------------------------------------------------

  function goalDefaultDirection(key) { return /loss|err|mse|mae|rmse|perplexity/i.test(key) ? 'min' : 'max'; }

  function renderSweep() {
    var sec = $('sweep-section');
    if (!state.sweep) { sec.hidden = true; return; }
    sec.hidden = false;
    if (!window.echarts) {
      library('echarts').then(renderSweep, showError);
      return;
    }
    var trials = state.sweep.runs;
    var parent = state.sweep.parent;
    $('sweep-title').textContent = parent ? runLabel(parent) + ': ' + trials.length + ' trials' : trials.length + ' trials';
    var goalSelect = $('goal');
    var metricKeys = {};
    trials.forEach(function (r) { Object.keys(r.metrics).forEach(function (k) { metricKeys[k] = true; }); });
    var keys = Object.keys(metricKeys).sort();
    if (goalSelect.options.length !== keys.length) {
      clear(goalSelect);
      keys.forEach(function (k) { goalSelect.append(el('option', { value: k, text: k })); });
      if (keys.length > 0) {
        goalSelect.value = keys[0];
        $('goal-direction').value = goalDefaultDirection(keys[0]);
      }
    }
    var goal = goalSelect.value;
    var maximize = $('goal-direction').value === 'max';
    var paramKeys = {};
    trials.forEach(function (r) { Object.keys(r.params).forEach(function (k) { paramKeys[k] = true; }); });
    var axes = Object.keys(paramKeys).sort().filter(function (k) {
      return trials.some(function (r) { return r.params[k] !== trials[0].params[k]; });
    });
    var parallelAxis = axes.map(function (k, i) {
      var values = trials.map(function (r) { return r.params[k]; }).filter(function (v) { return v !== undefined; });
      var numeric = values.every(function (v) { return v !== '' && !isNaN(Number(v)); });
      var axis = { dim: i, name: k };
      if (!numeric) {
        var uniq = {};
        values.forEach(function (v) { uniq[v] = true; });
        axis.type = 'category';
        axis.data = Object.keys(uniq).sort();
      }
      axis.numeric = numeric;
      return axis;
    });
    parallelAxis.push({ dim: axes.length, name: goal + (maximize ? ' (max)' : ' (min)'), numeric: true, nameTextStyle: { fontWeight: 'bold' } });
    var best = null;
    trials.forEach(function (r) {
      var v = r.metrics[goal];
      if (r.status !== 'FINISHED' || typeof v !== 'number') { return; }
      if (best === null || (maximize ? v > best.metrics[goal] : v < best.metrics[goal])) { best = r; }
    });
    function row(r) {
      var row = axes.map(function (k, i) {
        var v = r.params[k];
        if (v === undefined) { return '-'; }
        return parallelAxis[i].numeric ? Number(v) : v;
      });
      var g = r.metrics[goal];
      row.push(typeof g === 'number' ? g : '-');
      return row;
    }
    var failed = trials.filter(function (r) { return r.status === 'FAILED' || r.status === 'KILLED'; });
    var ok = trials.filter(function (r) { return failed.indexOf(r) < 0 && r !== best; });
    var node = $('sweep-chart');
    node.setAttribute('data-trials', String(trials.length));
    node.setAttribute('data-failed', String(failed.length));
    node.setAttribute('data-best', best ? best.id : '');
    $('sweep-best').textContent = best
      ? 'best: ' + runLabel(best) + ', ' + goal + ' = ' + number(best.metrics[goal]) + (failed.length ? '; ' + failed.length + ' failed (dashed, red)' : '')
      : 'no finished trial has ' + goal;
    var chart = echarts.getInstanceByDom(node) || echarts.init(node, null, { renderer: 'canvas' });
    var trialsById = {};
    trials.forEach(function (r) { trialsById[r.id] = r; });
    function series(name, runs, style) {
      return { name: name, type: 'parallel', lineStyle: style, data: runs.map(function (r) { return { value: row(r), name: r.id }; }) };
    }
    chart.setOption({
      animation: false,
      parallelAxis: parallelAxis.map(function (a) { var c = Object.assign({}, a); delete c.numeric; return c; }),
      parallel: { left: 60, right: 120, top: 40, bottom: 30 },
      tooltip: { show: false },
      legend: { show: true, data: ['trials', 'failed', 'best'] },
      series: [
        series('trials', ok, { width: 1.5, opacity: 0.6, color: '#1f77b4' }),
        series('failed', failed, { width: 1.5, opacity: 0.9, color: '#d62728', type: 'dashed' }),
        series('best', best ? [best] : [], { width: 4, opacity: 1, color: '#e6a700' })
      ]
    }, true);
    chart.off('mouseover');
    chart.on('mouseover', function (p) {
      var r = trialsById[p.name];
      if (r) {
        $('sweep-best').textContent = runLabel(r) + ' [' + r.status + ']: ' + axes.map(function (k) { return k + '=' + orDash(r.params[k]); }).join(', ') +
          ', ' + goal + '=' + number(r.metrics[goal]);
      }
    });
  }

  // ---- one run: provenance -------------------------------------------------------------------

  function kvTable(map, cls) {
    var keys = Object.keys(map || {}).sort();
    if (keys.length === 0) { return el('p', { text: 'none' }); }
    var t = el('table', { cls: cls || 'kv' });
    keys.forEach(function (k) { t.append(el('tr', null, el('th', { text: k }), el('td', { text: orDash(map[k]) }))); });
    return t;
  }

  function renderRunView() {
    var sec = $('run-view');
    var id = state.runView;
    if (!id) { sec.hidden = true; return; }
    sec.hidden = false;
    var body = $('run-body');
    loadDetails(id).then(function (d) {
      clear(body);
      $('run-title').textContent = runLabel(d);
      var info = {
        'run id': d.id, name: d.name, experiment: d.experiment, status: d.status, start: time(d.start), end: time(d.end),
        duration: duration(d), user: d.user, 'git commit': d.git.commit ? d.git.commit + (d.git.dirty ? ' (dirty: uncommitted changes)' : '') : '-',
        parent: d.parent
      };
      body.append(kvTable(info, 'kv run-info'));
      body.append(el('h3', { text: 'params' }), kvTable(d.params));
      var metrics = {};
      Object.keys(d.metrics).forEach(function (k) { metrics[k] = number(d.metrics[k]); });
      body.append(el('h3', { text: 'final metrics' }), kvTable(metrics));
      ['repro4j/config.yaml', 'repro4j/overrides.yaml', 'repro4j/command.txt'].forEach(function (k) {
        if (d.texts && d.texts[k] !== undefined) {
          body.append(el('h3', { text: k }), el('pre', { cls: 'text', 'data-file': k, text: d.texts[k] }));
        }
      });
      var inputs = {};
      (d.inputs || []).forEach(function (i) { inputs[i.name || '-'] = i.digest + (i.context ? ' (' + i.context + ')' : ''); });
      body.append(el('h3', { text: 'datasets' }), kvTable(inputs));
      body.append(el('h3', { text: 'environment' }), kvTable(d.environment, 'kv environment'));
      body.append(el('h3', { text: 'tags' }), kvTable(d.tags));
      var list = el('ul', { cls: 'artifacts' });
      (d.artifacts || []).forEach(function (a) {
        var text = a.path + ' (' + a.bytes + ' bytes)';
        if (LIVE) {
          var href = '/runs/' + encodeURIComponent(d.id) + '/artifacts/' + a.path.split('/').map(encodeURIComponent).join('/');
          list.append(el('li', null, el('a', { href: href, text: text })));
        } else {
          list.append(el('li', { text: text }));
        }
      });
      body.append(el('h3', { text: 'artifacts' }), list);
      sec.scrollIntoView();
    }, showError);
  }

  // ---- loading, routing, refresh -------------------------------------------------------------

  function showError(e) {
    var box = $('search-error');
    box.textContent = e && e.message ? e.message : String(e);
  }

  function loadRuns() {
    if (!LIVE) { return Promise.resolve(); }
    if (state.sweep) {
      return fetchJson('/api/sweeps/' + encodeURIComponent(state.sweep.id)).then(function (s) {
        state.sweep.parent = s.parent;
        state.sweep.runs = s.runs;
        state.runs = s.runs;
        state.total = s.runs.length;
        state.columns = s.columns;
        state.generation++;
      });
    }
    var q = '?offset=' + state.offset + '&limit=' + PAGE_SIZE;
    if (state.filter) { q += '&filter=' + encodeURIComponent(state.filter); }
    if (state.order) { q += '&order=' + encodeURIComponent(state.order); }
    return fetchJson('/api/runs' + q).then(function (page) {
      $('search-error').textContent = '';
      state.runs = page.runs;
      state.total = page.total;
      state.columns = page.columns;
      state.generation++;
    });
  }

  function renderAll() {
    renderTable();
    renderSweep();
    renderCharts();
    renderDiffChoices();
    renderRunView();
  }

  function route() {
    var m;
    if (LIVE) {
      var path = location.pathname;
      m = /^\/runs\/([A-Za-z0-9][\w-]{0,255})$/.exec(path);
      state.runView = m ? m[1] : null;
      m = /^\/sweeps\/([A-Za-z0-9][\w-]{0,255})$/.exec(path);
      if (m) { state.sweep = { id: m[1], runs: [], parent: null }; }
      var params = new URLSearchParams(location.search);
      state.filter = params.get('filter') || '';
      $('filter').value = state.filter;
    } else {
      m = /^#\/runs\/([A-Za-z0-9][\w-]{0,255})$/.exec(location.hash);
      state.runView = m && state.details[m[1]] ? m[1] : null;
    }
  }

  function refresh() {
    if (document.hidden) { return; }
    var runs = chartedRuns();
    loadRuns().then(function () {
      renderTable();
      if (state.sweep) { renderSweep(); }
      // Curves of running runs (and of runs that just ended) are fetched again.
      var stale = runs.filter(function (r) {
        var now = state.known[r.id];
        return r.status === 'RUNNING' || (now && now.status !== r.status);
      });
      return loadHistories(stale, true).then(function () {
        if (stale.length > 0) { drawCharts($('charts'), chartedRuns()); }
      });
    }).catch(showError);
  }

  function start() {
    $('title').textContent = CONFIG.title || '';
    $('subtitle').textContent = CONFIG.subtitle || '';
    $('home').setAttribute('href', LIVE ? '/' : '#');
    if (LIVE) {
      $('search').hidden = false;
      $('search').addEventListener('submit', function (ev) {
        ev.preventDefault();
        state.filter = $('filter').value.trim();
        state.offset = 0;
        var url = state.filter ? '/?filter=' + encodeURIComponent(state.filter) : '/';
        if (!state.sweep) { history.replaceState(null, '', url); }
        loadRuns().then(renderAll, showError);
      });
      $('prev').addEventListener('click', function () { state.offset = Math.max(0, state.offset - PAGE_SIZE); loadRuns().then(renderAll, showError); });
      $('next').addEventListener('click', function () { state.offset += PAGE_SIZE; loadRuns().then(renderAll, showError); });
    } else {
      state.runs = DATA.runs;
      state.total = DATA.runs.length;
      state.columns = DATA.columns;
      state.details = DATA.details || {};
      state.histories = DATA.metrics || {};
      if (CONFIG.sweep) { state.sweep = { id: CONFIG.sweep.id, parent: CONFIG.sweep, runs: DATA.runs }; }
      window.addEventListener('hashchange', function () { route(); renderRunView(); });
    }
    ['x-axis', 'log-scale'].forEach(function (id) { $(id).addEventListener('change', renderCharts); });
    $('smoothing').addEventListener('input', function () { $('smoothing-value').textContent = $('smoothing').value; renderCharts(); });
    $('diff-a').addEventListener('change', renderDiff);
    $('diff-b').addEventListener('change', renderDiff);
    $('goal').addEventListener('change', function () { $('goal-direction').value = goalDefaultDirection($('goal').value); renderSweep(); });
    $('goal-direction').addEventListener('change', renderSweep);
    route();
    loadRuns().then(renderAll, showError);
    if (LIVE && CONFIG.refreshMs > 0) { setInterval(refresh, CONFIG.refreshMs); }
    window.addEventListener('resize', function () { state.chartSignature = null; renderCharts(); });
  }

  start();
}());
