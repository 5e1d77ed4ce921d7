// The ServingFabric status page: polls the management API and renders what it answers.
// Every string shown comes from the fabric (model names, reasons, event texts) and is hostile: the DOM is built with
// createElement and textContent only, never from HTML text, and the Content-Security-Policy forbids inline script.
'use strict';

(function () {
  const HEALTHS = ['unknown', 'healthy', 'warming', 'unhealthy', 'ejected', 'unreachable', 'lost'];
  const STATUSES = ['healthy', 'degraded', 'unavailable', 'ready', 'running', 'paused', 'frozen', 'promoted', 'rolled_back', 'failed'];
  const MAX_EVENTS = 25;
  const interval = pollInterval();

  // ---- DOM building: text only ----
  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function append(parent, ...children) {
    for (const child of children) {
      if (child !== null && child !== undefined) { parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child); }
    }
    return parent;
  }

  // A status from the data becomes a data-status attribute only when it is one the stylesheet knows.
  function badge(status, text) {
    const node = el('span', 'badge', text === undefined ? status : text);
    node.dataset.status = STATUSES.includes(status) ? status : 'other';
    return node;
  }

  function row(cells, classes) {
    const tr = el('tr');
    cells.forEach((cell, i) => {
      const td = el('td', classes && classes[i] ? classes[i] : '');
      if (cell instanceof Node) { td.appendChild(cell); } else { td.textContent = cell === null || cell === undefined ? '–' : String(cell); }
      tr.appendChild(td);
    });
    return tr;
  }

  function table(headers, rows, numeric) {
    const t = el('table');
    const head = el('tr');
    headers.forEach((h, i) => head.appendChild(el('th', numeric && numeric[i] ? 'num' : '', h)));
    append(t, append(el('thead'), head), append(el('tbody'), ...rows));
    return t;
  }

  // ---- formatting ----
  function percent(fraction, digits) {
    return typeof fraction === 'number' && isFinite(fraction) ? (fraction * 100).toFixed(digits === undefined ? 3 : digits) + ' %' : null;
  }

  function number(value, digits) {
    return typeof value === 'number' && isFinite(value) ? value.toFixed(digits) : null;
  }

  function time(text) {
    const date = new Date(text);
    return isNaN(date.getTime()) ? String(text) : date.toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
  }

  function pollInterval() {
    const asked = Number(new URLSearchParams(window.location.search).get('interval'));
    return asked >= 250 && asked <= 60000 ? asked : 2000;
  }

  // ---- the management API ----
  async function api(method, path, body) {
    const init = { method, cache: 'no-store', headers: { Accept: 'application/json' } };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers['Content-Type'] = 'application/json';
    }
    const response = await fetch(path, init);
    const text = await response.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { json = null; }
    if (!response.ok) {
      const reason = json && typeof json.error === 'string' ? json.error : response.statusText;
      const error = new Error(method + ' ' + path + ' answered ' + response.status + ': ' + reason);
      error.status = response.status;
      throw error;
    }
    return json;
  }

  // The models last listed: when the index fails (its silo just died, say) the page keeps showing those models'
  // views, which is exactly when an operator is watching.
  let known = [];

  async function load() {
    let index = known;
    let warning = null;
    try {
      index = await api('POST', '/v2/repository/index', {});
      known = Array.isArray(index) ? index.filter(e => e && typeof e.name === 'string') : [];
      index = known;
    } catch (error) {
      if (known.length === 0) { throw error; }
      warning = error;
    }
    const names = [...new Set(index.map(e => e.name))].sort();
    const models = await Promise.all(names.map(async name => {
      const entries = index.filter(e => e.name === name);
      const path = '/v1/models/' + encodeURIComponent(name);
      try {
        const model = await api('GET', path);
        const release = model && model.experiment && model.experiment.active
          ? await api('GET', path + '/experiment').catch(() => null) : null;
        return { name, entries, model, release };
      } catch (error) {
        if (error.status === 404) { return { name, entries, model: null, release: null }; }
        throw error;
      }
    }));
    // The GPUs of the silo that serves this page; a silo without GPUs (or an older one) leaves the section hidden.
    const gpus = await api('GET', '/v1/gpus').catch(() => null);
    return { models, warning, gpus };
  }

  // ---- health ----
  function replicasOf(model) {
    return (model.versions || []).flatMap(v => (v.replicas || []).map(r => Object.assign({ version: v.version }, r)));
  }

  function modelStatus(model) {
    if (!model || !model.loaded) { return 'unavailable'; }
    const replicas = replicasOf(model);
    const healthy = replicas.filter(r => r.health === 'healthy').length;
    if (replicas.length > 0 && healthy === replicas.length) { return 'healthy'; }
    return healthy > 0 ? 'degraded' : 'unavailable';
  }

  function overallStatus(models) {
    const statuses = models.filter(m => m.model && m.model.loaded).map(m => modelStatus(m.model));
    if (statuses.length === 0) { return 'unknown'; }
    if (statuses.includes('unavailable')) { return 'unavailable'; }
    return statuses.includes('degraded') ? 'degraded' : 'healthy';
  }

  // ---- sections of a model card ----
  function versionsSection(model) {
    const registry = Array.isArray(model.registry) ? model.registry : [];
    const placed = new Map((model.versions || []).map(v => [v.version, v]));
    const names = [...new Set([...registry.map(v => v.version), ...placed.keys()])];
    const rows = names.map(name => {
      const info = registry.find(v => v.version === name) || {};
      const replicas = (placed.get(name) || {}).replicas || [];
      const healthy = replicas.filter(r => r.health === 'healthy').length;
      const counts = el('span', replicas.length > 0 && healthy === replicas.length ? 'ok-text' : (replicas.length > 0 ? 'bad-text' : ''),
        healthy + ' / ' + replicas.length);
      return row([name + (name === model.default_version ? ' (default)' : ''), info.lifecycle, percent((info.traffic_percent ?? NaN) / 100, 1), counts],
        ['', '', 'num', 'num']);
    });
    return append(el('div'), el('h4', '', 'Versions'), table(['Version', 'Lifecycle', 'Traffic', 'Healthy replicas'], rows, [false, false, true, true]));
  }

  function trafficSection(model) {
    const traffic = model.traffic || {};
    const weights = Array.isArray(traffic.weights) && traffic.weights.length > 0
      ? traffic.weights : [{ version: model.default_version, percent: 100 }];
    const bar = el('div', 'split');
    for (const w of weights) {
      const part = el('div', '', w.version + ' · ' + number(w.percent, 1) + ' %');
      part.style.width = Math.max(0, Math.min(100, Number(w.percent) || 0)) + '%';
      part.title = 'version ' + w.version + ': ' + w.percent + ' %';
      bar.appendChild(part);
    }
    const section = append(el('div'), el('h4', '', 'Traffic split'), bar);
    if (traffic.mirror) { section.appendChild(el('div', 'muted', 'mirrored to ' + traffic.mirror.version + ': ' + traffic.mirror.percent + ' %')); }
    for (const fault of traffic.faults || []) { section.appendChild(el('div', 'bad-text', 'fault injected: ' + JSON.stringify(fault))); }
    return section;
  }

  function zonesSection(model) {
    const replicas = replicasOf(model);
    const zoneOf = r => r.zone || (r.target_zone ? r.target_zone + ' (target)' : 'unplaced');
    const zones = [...new Set(replicas.map(zoneOf))].sort();
    const grid = el('div', 'zones');
    for (const zone of zones) {
      const column = append(el('div', 'zone'), el('div', 'zone-name', 'zone ' + zone));
      column.dataset.zone = zone;
      for (const r of replicas.filter(x => zoneOf(x) === zone)) { column.appendChild(replicaChip(r)); }
      grid.appendChild(column);
    }
    if (zones.length === 0) { grid.appendChild(el('p', 'muted', 'no replicas placed')); }
    return append(el('div'), el('h4', '', 'Replicas by zone'), grid);
  }

  function replicaChip(r) {
    const chip = el('div', 'replica');
    chip.dataset.replica = r.key;
    chip.dataset.health = HEALTHS.includes(r.health) ? r.health : 'unknown';
    if (r.silo) { chip.dataset.silo = r.silo; }
    append(chip, el('span', 'health', r.health), el('div', 'key', r.key),
      el('div', 'muted', 'state ' + r.state + ' · queue ' + r.queue_depth + ' · in flight ' + r.in_flight),
      el('div', 'muted', r.silo ? 'silo ' + r.silo : 'not placed'));
    if (r.device) { chip.appendChild(el('div', 'muted', 'device ' + r.device)); }
    if (r.target_zone && r.zone && r.target_zone !== r.zone) { chip.appendChild(el('div', 'muted', 'wants zone ' + r.target_zone)); }
    if (r.error) { chip.appendChild(el('div', 'error', r.error)); }
    if (r.last_good_probe) { chip.title = 'last good probe ' + time(r.last_good_probe); }
    return chip;
  }

  function availabilityTable(availability) {
    if (!availability || !Array.isArray(availability.windows)) { return el('p', 'muted', 'no data'); }
    const rows = availability.windows.map(w => {
      const budget = typeof w.error_budget_remaining === 'number'
        ? el('span', w.error_budget_remaining < 0 ? 'bad-text' : 'ok-text', percent(w.error_budget_remaining, 1)) : 'no data';
      return row([w.window, w.valid, w.good, w.sli === null || w.sli === undefined ? 'no data' : percent(w.sli), budget],
        ['', 'num', 'num', 'num', 'num']);
    });
    const objective = 'objective ' + (percent(availability.objective) ?? '–') +
      (availability.latency_objective_ms ? ' within ' + availability.latency_objective_ms + ' ms' : '');
    return append(el('div'), el('div', 'muted', objective),
      table(['Window', 'Valid', 'Good', 'SLI', 'Error budget left'], rows, [false, true, true, true, true]));
  }

  function availabilitySection(model) {
    const section = append(el('div'), el('h4', '', 'Availability'), availabilityTable(model.availability));
    for (const v of model.versions || []) {
      if (v.availability) { append(section, el('div', 'muted', 'version ' + v.version), availabilityTable(v.availability)); }
    }
    return section;
  }

  function releaseSection(summary, release) {
    const section = el('div');
    section.appendChild(el('h4', '', 'Release'));
    if (!summary) { return append(section, el('p', 'muted', 'none')); }
    append(section, append(el('div'), badge(summary.status), ' ' + summary.kind + ' ' + summary.control + ' → ' + summary.candidate +
      (summary.candidate_percent !== null && summary.candidate_percent !== undefined ? ' at ' + summary.candidate_percent + ' %' : '')),
    el('div', '', 'decision: ' + summary.decision), el('div', 'muted', summary.reason));
    if (!release) { return section; }
    const arms = (release.arms || []).map(a => row([a.role, a.version, number(a.share_percent, 1), a.requests, a.errors,
      percent(a.error_rate, 2), number(a.geometric_mean_latency_ms, 1)], ['', '', 'num', 'num', 'num', 'num', 'num']));
    const tests = (release.tests || []).map(t => row([t.name, number(t.estimate, 4),
      t.lower === null && t.upper === null ? null : '[' + (number(t.lower, 4) ?? '−∞') + ', ' + (number(t.upper, 4) ?? '∞') + ']',
      number(t.p_value, 4), number(t.alpha, 3), t.rejected ? 'rejected' : 'not rejected'], ['', 'num', 'num', 'num', 'num', '']));
    return append(section,
      table(['Arm', 'Version', 'Share %', 'Requests', 'Errors', 'Error rate', 'Latency (geo. mean ms)'], arms, [false, false, true, true, true, true, true]),
      table(['Test', 'Estimate', 'Always-valid CI', 'p', 'α', 'Result'], tests, [false, true, true, true, true, false]));
  }

  function modelCard(item) {
    const card = el('article', 'card');
    card.dataset.model = item.name;
    const model = item.model;
    const status = model ? modelStatus(model) : 'unavailable';
    card.dataset.status = status;
    const states = item.entries.map(e => 'v' + e.version + ' ' + e.state + (e.reason ? ' (' + e.reason + ')' : '')).join(', ');
    card.appendChild(append(el('div', 'card-head'), el('h3', '', item.name), badge(status),
      el('span', 'facts', model ? 'revision ' + model.revision + ' · default version ' + model.default_version +
        ' · replicas min ' + model.replicas.min + ' max ' + model.replicas.max : 'not deployed'),
      el('span', 'facts', 'repository: ' + states)));
    if (!model) { return card; }
    return append(card,
      append(el('div', 'columns'), append(el('div'), versionsSection(model), trafficSection(model)), availabilitySection(model)),
      zonesSection(model), releaseSection(model.experiment, item.release));
  }

  function eventRows(models) {
    const events = models.flatMap(m => (m.model && m.model.events) || []);
    events.sort((a, b) => String(b.timestamp).localeCompare(String(a.timestamp)) || b.sequence - a.sequence);
    return events.slice(0, MAX_EVENTS).map(e => {
      const tr = row([time(e.timestamp), e.model, e.kind, e.replica, e.zone, e.message]);
      tr.dataset.kind = e.kind;
      return tr;
    });
  }

  function gpuRows(gpus) {
    const gib = bytes => typeof bytes === 'number' ? number(bytes / 1073741824, 1) + ' GiB' : null;
    return (gpus.devices || []).map(d => {
      const health = el('span', d.healthy ? 'ok-text' : 'bad-text', d.healthy ? 'healthy' : 'failed: ' + d.problem);
      const tr = row([d.index, d.name, d.uuid, typeof d.utilization_percent === 'number' ? d.utilization_percent + ' %' : null,
        gib(d.memory_used_bytes) + ' / ' + gib(d.memory_total_bytes), gib(d.memory_reserved_bytes), (d.sessions || []).join(', '), health],
      ['num', '', '', 'num', 'num', 'num', '', '']);
      tr.dataset.gpu = d.uuid;
      return tr;
    });
  }

  // ---- the loop ----
  function render({ models, warning, gpus }) {
    const gpuSection = document.getElementById('gpus-section');
    gpuSection.hidden = !gpus || !Array.isArray(gpus.devices) || gpus.devices.length === 0;
    if (!gpuSection.hidden) {
      document.getElementById('gpus-silo').textContent = 'silo ' + gpus.silo + (gpus.driver_version ? ' · driver ' + gpus.driver_version : '');
      document.getElementById('gpus').replaceChildren(...gpuRows(gpus));
    }
    const overall = overallStatus(models);
    const banner = document.getElementById('overall');
    banner.dataset.status = overall;
    banner.textContent = { healthy: 'All systems operational', degraded: 'Degraded', unavailable: 'Unavailable', unknown: 'No models deployed' }[overall];
    const list = document.getElementById('models');
    list.replaceChildren(...models.map(modelCard));
    if (models.length === 0) { list.appendChild(el('p', 'muted', 'The repository has no models.')); }
    document.getElementById('events').replaceChildren(...eventRows(models));
    const problem = document.getElementById('problem');
    problem.hidden = warning === null;
    problem.textContent = warning ? 'The model list could not be refreshed; showing the models listed before. ' + warning.message : '';
    document.getElementById('updated').textContent = 'updated ' + time(new Date().toISOString()) + ' · every ' + interval / 1000 + ' s';
  }

  function showProblem(error) {
    const problem = document.getElementById('problem');
    problem.hidden = false;
    problem.textContent = (error.status === 401 || error.status === 403 ? 'The management API refused this page (it needs the read scope). ' : 'The management API did not answer. ') + error.message;
    const banner = document.getElementById('overall');
    banner.dataset.status = 'error';
    banner.textContent = 'Status unknown';
  }

  async function poll() {
    try {
      render(await load());
    } catch (error) {
      showProblem(error);
    } finally {
      window.setTimeout(poll, interval);
    }
  }

  document.addEventListener('DOMContentLoaded', poll);
})();
