// The dashboard page: polls the JSON API every second and redraws what changed. No build step:
// plain browser JavaScript and the vendored Chart.js (assets/chart.umd.min.js, MIT, LICENSE-chart.js.md).
(function () {
  'use strict';
  const POLL_MS = 1000;
  const PAGE = 50;
  const PARALLEL_LINES = 100;
  // a run of thousands of jobs changes every second; its charts are redrawn at most this often
  const CHARTS_MS = 1500;
  const STATES = ['created', 'submitted', 'running', 'succeeded', 'failed', 'not_run'];
  const STATE_COLORS = { created: '#b0b6c3', submitted: '#9aa5bd', running: '#2c7be5', succeeded: '#2e8b57', failed: '#c0392b', not_run: '#8e8e8e' };
  const token = new URLSearchParams(location.search).get('token');
  const $ = (id) => document.getElementById(id);

  const view = {
    run: decodeURIComponent((location.hash.match(/run=([^&]*)/) || [])[1] || ''),
    version: -1,
    metric: null,
    states: [],
    sort: 'id',
    desc: false,
    offset: 0,
    open: null,
    sliceParam: null,
    camel: false,
    busy: false,
    lastPage: null,
    counts: null,
    chartsAt: 0,
  };
  const charts = {};
  // how long the last redraw took (fetch and draw of charts and jobs): read by bench/dashboard
  const timings = (window.cuDashboardTimings = { polls: 0, render: null, parts: {} });

  Chart.defaults.animation = false;
  Chart.defaults.font.size = 11;
  Chart.defaults.plugins.legend.display = false;

  function api(path) {
    const headers = token ? { Authorization: 'Bearer ' + token } : {};
    return fetch(path, { headers, cache: 'no-store' }).then((r) => {
      if (!r.ok) throw new Error(path + ': ' + r.status);
      return r.json();
    });
  }
  const runPath = (name) => 'api/runs/' + encodeURIComponent(name);

  function fmt(v) {
    if (v === null || v === undefined) return '–';
    if (typeof v === 'number') {
      if (Number.isInteger(v)) return String(v);
      const a = Math.abs(v);
      return a !== 0 && (a < 1e-3 || a >= 1e6) ? v.toExponential(3) : String(+v.toPrecision(5));
    }
    if (typeof v === 'boolean') return v ? 'True' : 'False';
    return String(v);
  }
  function duration(s) {
    if (s === null || s === undefined) return '';
    s = Math.round(s);
    if (s < 60) return s + ' s';
    if (s < 3600) return Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
    return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
  }
  function time(ms) { return ms ? new Date(ms).toLocaleString() : '–'; }
  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') e.className = v; else if (k === 'text') e.textContent = v; else e.setAttribute(k, v);
    }
    kids.forEach((k) => e.append(k));
    return e;
  }
  function params(p) { return Object.entries(p || {}).map(([k, v]) => k + '=' + fmt(v)).join(', '); }

  // --- the poll -------------------------------------------------------------------------------------

  async function poll() {
    if (view.busy) return;
    view.busy = true;
    try {
      const doc = await api('api/runs');
      $('error').hidden = true;
      view.camel = doc.camel_console;
      renderRunList(doc.runs);
      const run = doc.runs.find((r) => r.name === view.run) || doc.runs[0];
      if (!run) { $('run').hidden = true; return; }
      if (run.name !== view.run) { select(run.name, false); }
      renderSummary(run);
      if (run.version !== view.version) {
        const t0 = performance.now();
        const chartsDue = view.version === -1 || t0 - view.chartsAt >= CHARTS_MS;
        if (chartsDue) {
          view.version = run.version;
          view.chartsAt = t0;
        }
        await Promise.all([chartsDue ? loadCharts() : null, loadJobs()]);
        if (chartsDue) timings.render = Math.round(performance.now() - t0);
      }
      timings.polls++;
      if (view.camel) loadCamel();
      $('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
    } catch (e) {
      $('error').textContent = String(e.message || e);
      $('error').hidden = false;
    } finally {
      view.busy = false;
    }
  }

  function select(name, now) {
    view.run = name;
    view.version = -1;
    view.offset = 0;
    view.open = null;
    view.metric = null;
    view.lastPage = null;
    history.replaceState(null, '', location.search + '#run=' + encodeURIComponent(name));
    if (now) poll();
  }

  // updated in place (not rebuilt), so a click never lands on an element that a poll just replaced
  function renderRunList(runs) {
    const list = $('run-list');
    $('no-runs').hidden = runs.length > 0;
    const items = new Map([...list.children].map((li) => [li.dataset.run, li]));
    runs.forEach((r, i) => {
      let li = items.get(r.name);
      if (!li) {
        li = el('li', { 'data-run': r.name }, el('b', { text: r.name }), el('span', { class: 'sub' }));
        li.onclick = () => select(r.name, true);
      }
      items.delete(r.name);
      const c = r.counts;
      li.className = r.name === view.run ? 'selected' : '';
      li.lastChild.textContent = r.state + ' · ' + c.succeeded + ' ok, ' + c.failed + ' failed, ' + c.running + ' running';
      if (list.children[i] !== li) list.insertBefore(li, list.children[i] || null);
    });
    items.forEach((li) => li.remove());
  }

  function renderSummary(r) {
    $('run').hidden = false;
    $('run-name').textContent = r.name;
    const st = $('run-state');
    st.textContent = r.state;
    st.className = 'state ' + r.state;
    $('run-type').textContent = r.run_type || '';
    for (const s of STATES) $('count-' + s).textContent = r.counts[s];
    const pct = r.progress === null ? null : Math.round(r.progress * 1000) / 10;
    $('progress-fill').style.width = (pct || 0) + '%';
    const ended = r.counts.succeeded + r.counts.failed + r.counts.not_run;
    $('progress').textContent = ended + ' / ' + (r.total >= 0 ? r.total : '?') + (pct === null ? '' : ' (' + pct + ' %)');
    $('eta').textContent = r.eta_seconds !== null && r.live ? 'ETA ' + duration(r.eta_seconds) : '';
    $('elapsed').textContent = r.elapsed_seconds !== null ? 'elapsed ' + duration(r.elapsed_seconds) : '';
    $('best-metric').textContent = r.metric ? r.metric + (r.minimize === false ? ' (max)' : r.minimize ? ' (min)' : ' (lowest)') : '';
    $('best-value').textContent = fmt(r.best);
    $('best-job').textContent = r.best_job !== null ? 'job ' + r.best_job : '';
    // a multi-objective run: the front says more than the best of its first metric
    $('front').textContent = r.front_size !== null && r.front_size !== undefined
      ? 'Pareto front: ' + r.front_size + ' jobs, hypervolume ' + fmt(r.hypervolume) + ' (see pareto_front.csv)' : '';
    const bp = $('best-params');
    bp.replaceChildren();
    for (const [k, v] of Object.entries(r.best_params || {})) bp.append(el('tr', {}, el('td', { text: k }), el('td', { text: fmt(v) })));
    $('run-message').textContent = r.message || '';
    $('results-dir').textContent = r.results_dir;
    renderFilters(r.counts);
  }

  // --- charts ---------------------------------------------------------------------------------------

  async function loadCharts() {
    const t0 = performance.now();
    const q = view.metric ? '?metric=' + encodeURIComponent(view.metric) : '';
    const c = await api(runPath(view.run) + '/charts' + q);
    const sel = $('metric');
    if (sel.dataset.list !== c.metrics.join('\u0000')) {
      sel.replaceChildren(...c.metrics.map((m) => el('option', { value: m, text: m })));
      sel.dataset.list = c.metrics.join('\u0000');
    }
    sel.value = c.metric || '';
    $('value-head').textContent = c.metric || 'value';
    $('charts-note').textContent = c.succeeded + ' results' + (c.samples_cut ? ', slices and lines drawn from ' + c.samples.length : '')
      + (c.history.cut ? ', history thinned (every new best kept)' : '');
    timings.parts.fetch = Math.round(performance.now() - t0);
    for (const [name, draw] of [['history', drawHistory], ['slices', drawSlices], ['parallel', drawParallel], ['curves', drawCurves],
      ['timeline', (x) => drawTimeline(x.timeline)]]) {
      const t = performance.now();
      draw(c);
      timings.parts[name] = Math.round(performance.now() - t);
    }
  }

  function chart(id, config) {
    if (charts[id] && charts[id].config.type === config.type) {
      charts[id].data = config.data;
      charts[id].options = config.options;
      charts[id].update('none');
    } else {
      if (charts[id]) charts[id].destroy();
      charts[id] = new Chart($(id), config);
    }
  }

  function drawHistory(c) {
    const pts = c.history.points.map((p) => ({ x: p[0], y: p[1], id: p[2] }));
    const best = c.history.best.map((p) => ({ x: p[0], y: p[1] }));
    chart('chart-history', {
      type: 'scatter',
      data: { datasets: [
        { label: c.metric, data: pts, pointRadius: 2, backgroundColor: 'rgba(44,123,229,.45)' },
        { label: 'best so far', data: best, showLine: true, stepped: 'before', pointRadius: 0, borderColor: '#e67e22', borderWidth: 2 },
      ] },
      options: { maintainAspectRatio: false, parsing: false, plugins: { legend: { display: true },
        tooltip: { callbacks: { label: (i) => (i.raw.id !== undefined ? 'job ' + i.raw.id + ': ' : '') + fmt(i.raw.y) } } },
        scales: { x: { title: { display: true, text: 'result #' } }, y: { title: { display: true, text: c.metric || '' } } } },
    });
  }

  function axisTicks(axis) {
    return axis.categorical ? { stepSize: 1, callback: (v) => axis.categories[v] } : {};
  }

  function drawSlices(c) {
    const sel = $('slice-param');
    const names = c.params.map((a) => a.name);
    if (sel.dataset.list !== names.join('\u0000')) {
      sel.replaceChildren(...names.map((n) => el('option', { value: n, text: n })));
      sel.dataset.list = names.join('\u0000');
    }
    if (!names.includes(view.sliceParam)) view.sliceParam = names[0] || null;
    sel.value = view.sliceParam || '';
    const a = names.indexOf(view.sliceParam);
    const axis = c.params[a];
    const data = a < 0 ? [] : c.samples.filter((r) => r[2 + a] !== null)
      .map((r) => ({ x: r[2 + a] + (axis.categorical ? jitter(r[0]) : 0), y: r[1], id: r[0] }))
      .sort((p, q) => p.x - q.x); // parsing: false takes the data as sorted by x (it finds the range from the ends)
    chart('chart-slices', {
      type: 'scatter',
      data: { datasets: [{ data, pointRadius: 2.5, backgroundColor: 'rgba(46,139,87,.5)' }] },
      options: { maintainAspectRatio: false, parsing: false,
        plugins: { tooltip: { callbacks: { label: (i) => 'job ' + i.raw.id + ': ' + fmt(i.raw.y) } } },
        scales: {
          x: axis ? { type: axis.log ? 'logarithmic' : 'linear', title: { display: true, text: axis.name }, ticks: axisTicks(axis),
            min: axis.categorical ? -0.5 : undefined, max: axis.categorical ? axis.categories.length - 0.5 : undefined } : {},
          y: { title: { display: true, text: c.metric || '' } },
        } },
    });
  }

  function jitter(id) { const x = Math.sin(id * 12.9898) * 43758.5453; return ((x - Math.floor(x)) - 0.5) * 0.5; }

  function color(t) {
    // blue (good) to red (bad)
    const r = Math.round(44 + t * (192 - 44)), g = Math.round(123 + t * (57 - 123)), b = Math.round(229 + t * (43 - 229));
    return 'rgba(' + r + ',' + g + ',' + b + ',0.55)';
  }

  function drawParallel(c) {
    const axes = c.params;
    const minimize = c.minimize !== false;
    const rows = c.samples.slice().sort((p, q) => (minimize ? p[1] - q[1] : q[1] - p[1])).slice(0, PARALLEL_LINES);
    const vals = rows.map((r) => r[1]);
    const lo = Math.min(...vals), hi = Math.max(...vals);
    const norm = (axis, v) => {
      if (v === null) return null;
      if (axis.categorical) return axis.categories.length > 1 ? v / (axis.categories.length - 1) : 0.5;
      if (axis.log && axis.min > 0) return (Math.log(v) - Math.log(axis.min)) / ((Math.log(axis.max) - Math.log(axis.min)) || 1);
      return (v - axis.min) / ((axis.max - axis.min) || 1);
    };
    // two-line axis labels: the name, then what low and high mean on it
    const range = (a) => (a.categorical ? a.categories.slice(0, 4).join(' | ') + (a.categories.length > 4 ? ' …' : '')
      : fmt(a.min) + ' – ' + fmt(a.max) + (a.log ? ' (log)' : ''));
    const labels = axes.map((a) => [a.name, range(a)]).concat([[c.metric || 'value', rows.length ? fmt(lo) + ' – ' + fmt(hi) : '']]);
    const datasets = rows.map((r) => {
      const t = hi > lo ? (r[1] - lo) / (hi - lo) : 0;
      const bad = minimize ? t : 1 - t;
      return { label: 'job ' + r[0], data: axes.map((a, i) => norm(a, r[2 + i])).concat([hi > lo ? (r[1] - lo) / (hi - lo) : 0.5]),
        borderColor: color(bad), borderWidth: 1, pointRadius: 0, spanGaps: true };
    }).reverse();
    chart('chart-parallel', {
      type: 'line',
      data: { labels, datasets },
      options: { maintainAspectRatio: false, plugins: { tooltip: { enabled: false } },
        scales: { y: { min: 0, max: 1, ticks: { callback: (v) => (v === 0 ? 'low' : v === 1 ? 'high' : '') } } } },
    });
  }

  function drawCurves(c) {
    $('curve-metric').textContent = c.curve_metric ? '(' + c.curve_metric + ', ' + c.curves.length + ' jobs)' : '';
    $('no-curves').hidden = c.curves.length > 0;
    const datasets = c.curves.map((cv, i) => ({
      label: 'job ' + cv.id, data: cv.points.map((p) => ({ x: p[0], y: p[1] })), showLine: true, pointRadius: 1.5, borderWidth: 1.5,
      borderColor: cv.state === 'running' ? '#2c7be5' : cv.state === 'failed' ? '#c0392b' : 'hsl(' + ((i * 47) % 360) + ',45%,55%)',
    }));
    chart('chart-curves', {
      type: 'scatter',
      data: { datasets },
      options: { maintainAspectRatio: false, parsing: false,
        plugins: { tooltip: { callbacks: { label: (i) => i.dataset.label + ': ' + fmt(i.raw.y) } } },
        scales: { x: { title: { display: true, text: 'report #' }, ticks: { stepSize: 1 } }, y: { title: { display: true, text: c.curve_metric || '' } } } },
    });
  }

  function drawTimeline(t) {
    $('timeline-note').textContent = t.bars.length + ' jobs' + (t.cut ? ' (every k-th, running ones always)' : '');
    const labels = t.bars.map((b) => String(b[0]));
    const wait = [], run = [], runColors = [];
    for (const b of t.bars) {
      const [, sub, start, end, si] = b;
      const state = t.states[si];
      const stop = end >= 0 ? end : t.now;
      wait.push(sub >= 0 ? [sub, start >= 0 ? start : stop] : null);
      run.push(start >= 0 ? [start, Math.max(stop, start + 0.05)] : null);
      runColors.push(STATE_COLORS[state] || '#999');
    }
    chart('chart-timeline', {
      type: 'bar',
      data: { labels, datasets: [
        { label: 'waiting', data: wait, backgroundColor: 'rgba(176,182,195,.6)', grouped: false, barPercentage: 1, categoryPercentage: 1 },
        { label: 'running', data: run, backgroundColor: runColors, grouped: false, barPercentage: 1, categoryPercentage: 1 },
      ] },
      options: { indexAxis: 'y', maintainAspectRatio: false,
        plugins: { legend: { display: true }, tooltip: { callbacks: { label: (i) => i.dataset.label + ' ' + (i.raw ? fmt(i.raw[0]) + '–' + fmt(i.raw[1]) + ' s' : '') } } },
        scales: { x: { type: 'linear', min: 0, title: { display: true, text: 'seconds since the start' } },
          y: { title: { display: true, text: 'job' }, ticks: { autoSkip: true, maxTicksLimit: 12 } } } },
    });
  }

  // --- the job table --------------------------------------------------------------------------------

  function renderFilters(counts) {
    const box = $('state-filter');
    if (!box.children.length) {
      for (const states of [[]].concat(STATES.map((s) => [s]))) {
        const b = el('button', { type: 'button', 'data-state': states.join(',') || 'all' });
        b.onclick = () => { view.states = states; view.offset = 0; view.open = null; view.lastPage = null; renderFilters(view.counts); loadJobs(); };
        box.append(b);
      }
    }
    view.counts = counts;
    const all = STATES.reduce((n, s) => n + counts[s], 0);
    for (const b of box.children) {
      const states = b.dataset.state === 'all' ? [] : [b.dataset.state];
      const n = states.length ? counts[states[0]] : all;
      b.textContent = (states.length ? states[0].replace('_', ' ') : 'all') + ' ' + n;
      b.hidden = states.length > 0 && n === 0 && !['running', 'failed'].includes(states[0]) && !view.states.includes(states[0]);
      b.className = states.join(',') === view.states.join(',') ? 'on' : '';
    }
  }

  async function loadJobs() {
    if (!view.run) return;
    const q = new URLSearchParams({ offset: view.offset, limit: PAGE, sort: view.sort, order: view.desc ? 'desc' : 'asc' });
    if (view.states.length) q.set('state', view.states.join(','));
    const page = await api(runPath(view.run) + '/jobs?' + q);
    const key = JSON.stringify(page) + '|' + view.open + '|' + view.version;
    if (key === view.lastPage) return;
    view.lastPage = key;
    const body = $('jobs-table').tBodies[0];
    const rows = [];
    for (const j of page.jobs) {
      const tr = el('tr', { class: 'job-row' + (view.open === j.id ? ' open' : ''), 'data-id': j.id },
        el('td', { text: j.id }), el('td', { class: 'st-' + j.state, text: j.state.replace('_', ' ') }),
        el('td', { text: fmt(j.value) }), el('td', { text: j.host || '' }), el('td', { text: duration(j.seconds) }),
        el('td', { class: 'params', title: params(j.params), text: params(j.params) }));
      rows.push(tr);
      if (view.open === j.id) rows.push(await detailRow(j.id));
    }
    body.replaceChildren(...rows);
    const last = Math.min(page.offset + page.jobs.length, page.matching);
    $('page-info').textContent = (page.matching ? page.offset + 1 : 0) + '–' + last + ' of ' + page.matching;
    $('prev').disabled = page.offset === 0;
    $('next').disabled = last >= page.matching;
    for (const th of document.querySelectorAll('#jobs-table th[data-sort]')) {
      th.classList.toggle('sorted', th.dataset.sort === view.sort);
      th.classList.toggle('asc', !view.desc);
    }
  }

  async function detailRow(id) {
    const d = await api(runPath(view.run) + '/jobs/' + id);
    const j = d.job;
    const dl = el('dl');
    const item = (k, v) => { if (v !== null && v !== undefined && v !== '') dl.append(el('dt', { text: k }), el('dd', { text: v })); };
    item('state', j.state + (j.resubmissions ? ' (resubmitted ' + j.resubmissions + '×)' : ''));
    item('parameters', params(j.params));
    item('metrics', params(j.metrics));
    item('host', j.host);
    item('backend id', j.backend_id);
    item('created', time(j.created_at));
    item('submitted', j.submitted_at && time(j.submitted_at));
    item('started', j.started_at && time(j.started_at));
    item('ended', j.ended_at && time(j.ended_at));
    item('running time', duration(j.seconds));
    item('early reports', j.early_reports ? d.early_reports.map((r) => params(r)).join(' | ') : null);
    item('error', j.error);
    item('working dir', j.logs.working_dir);
    item('run script', j.logs.run_script);
    item('stdout', j.logs.stdout);
    item('stderr', j.logs.stderr);
    const box = el('div', { id: 'job-detail', 'data-id': id }, dl);
    if (j.error_tail.length) box.append(el('b', { text: 'Error tail' }), el('pre', { class: 'error-tail', text: j.error_tail.join('\n') }));
    if (d.stderr_tail.length) box.append(el('b', { text: 'stderr (last lines)' }), el('pre', { text: d.stderr_tail.join('\n') }));
    if (d.stdout_tail.length) box.append(el('b', { text: 'stdout (last lines)' }), el('pre', { text: d.stdout_tail.join('\n') }));
    const td = el('td', { colspan: 6 }, box);
    return el('tr', { class: 'detail' }, td);
  }

  // --- Camel (cu.http.camel-console=true) ----------------------------------------------------------

  let camelAt = 0;
  async function loadCamel() {
    if (Date.now() - camelAt < 3000) return;
    camelAt = Date.now();
    $('camel').hidden = false;
    const [routes, logs] = await Promise.all([api('api/camel/routes'), api('api/camel/logs')]);
    $('camel-routes').tBodies[0].replaceChildren(...routes.routes.map((r) => el('tr', {},
      el('td', { text: r.id }), el('td', { text: r.from }), el('td', { text: r.state }), el('td', { text: fmt(r.exchanges_total) }),
      el('td', { text: fmt(r.exchanges_failed) }), el('td', { text: r.inflight }))));
    const lines = logs.camel.slice();
    for (const [run, l] of Object.entries(logs.runs)) lines.push('--- ' + run + ' (cluster_run.log)', ...l);
    $('camel-log').textContent = lines.join('\n');
  }

  // --- wiring ---------------------------------------------------------------------------------------

  // one listener for every row, present and future: a row replaced by a poll still opens its job
  $('jobs-table').tBodies[0].addEventListener('click', (e) => {
    const tr = e.target.closest('tr.job-row');
    if (!tr) return;
    const id = Number(tr.dataset.id);
    view.open = view.open === id ? null : id;
    view.lastPage = null;
    loadJobs();
  });
  $('metric').onchange = (e) => { view.metric = e.target.value; loadCharts(); };
  $('slice-param').onchange = (e) => { view.sliceParam = e.target.value; loadCharts(); };
  $('prev').onclick = () => { view.offset = Math.max(0, view.offset - PAGE); loadJobs(); };
  $('next').onclick = () => { view.offset += PAGE; loadJobs(); };
  // (sorting and paging change the query, so the page key changes too)
  for (const th of document.querySelectorAll('#jobs-table th[data-sort]')) {
    th.onclick = () => {
      if (view.sort === th.dataset.sort) view.desc = !view.desc; else { view.sort = th.dataset.sort; view.desc = false; }
      view.offset = 0;
      loadJobs();
    };
  }
  poll();
  setInterval(poll, POLL_MS);
})();
