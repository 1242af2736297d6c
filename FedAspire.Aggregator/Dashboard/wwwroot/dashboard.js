// FedAspire dashboard: loads status, round history, calibration and the picked facility's series from the federation API, then follows
// /federations/{name}/events (server-sent events read through fetch, so the operator key can travel in a header).
'use strict';
(() => {
  const federation = new URLSearchParams(location.search).get('federation') || document.querySelector('meta[name="federation"]').content;
  const base = '/federations/' + encodeURIComponent(federation);
  const keyStore = 'fedaspire.operatorKey';
  const rounds = new Map();
  let status = null;
  let calibrationVersion = -1;
  let pausedKey = null;
  // Anomalies already shown, by device, sequence and model version (analytics' list is re-read every poll).
  const seenAnomalies = new Set();
  const anomalyKey = a => `${a.deviceId}|${a.sequence}|${a.modelVersion}`;
  const facilityPollMs = 10000;
  // The picked facility's series (round id -> point), at most seriesPoints of them.
  const facilitySeries = new Map();
  const seriesPoints = 200;
  let picked = null;
  const $ = id => document.getElementById(id);

  // ---- helpers -------------------------------------------------------------------------------------------------
  // The API writes NaN and infinities as strings ("NaN"); those, null and absent values are undefined metrics.
  const num = v => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  const fmt = (v, digits = 3) => { const n = num(v); return n === null ? 'n/a' : n.toFixed(digits); };
  const seconds = span => {
    // TimeSpan as "[d.]hh:mm:ss[.fffffff]".
    const m = /^(?:(\d+)\.)?(\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(span || '');
    return m ? (+(m[1] || 0)) * 86400 + (+m[2]) * 3600 + (+m[3]) * 60 + (+m[4]) : null;
  };
  const duration = span => { const s = seconds(span); return s === null ? 'n/a' : (s < 120 ? s.toFixed(1) + ' s' : (s / 60).toFixed(1) + ' min'); };
  const time = iso => { const d = new Date(iso); return Number.isNaN(d.getTime()) ? 'n/a' : d.toLocaleTimeString(); };
  const metrics = r => (r.evaluation && r.evaluation.metrics) || null;
  const cell = (row, text, cls) => { const td = row.insertCell(); td.textContent = text; if (cls) td.className = cls; return td; };
  const headers = () => { const k = sessionStorage.getItem(keyStore); return k ? { Authorization: 'Bearer ' + k } : {}; };

  async function api(path, init = {}) {
    const response = await fetch(base + path, { ...init, headers: { ...headers(), ...(init.headers || {}) } });
    if (response.status === 401) { $('auth').setAttribute('data-open', ''); throw new Error('the operator key is required or wrong'); }
    return response;
  }

  async function problem(response) {
    try { const p = await response.json(); return p.detail || p.title || response.statusText; } catch { return response.status + ' ' + response.statusText; }
  }

  function message(text, error) { const m = $('message'); m.textContent = text; m.className = error ? 'error' : ''; }

  // ---- status ---------------------------------------------------------------------------------------------------
  function renderStatus() {
    const s = status;
    const dl = $('status');
    dl.replaceChildren();
    const add = (name, value, id) => {
      const dt = document.createElement('dt'); dt.textContent = name;
      const dd = document.createElement('dd'); dd.textContent = value; if (id) dd.id = id;
      dl.append(dt, dd);
    };
    if (!s || !s.configured) { add('state', 'not configured', 'state'); $('run-round').disabled = true; $('start-stop').disabled = true; return; }
    add('state', s.roundInProgress ? 'round in progress' : s.running ? 'running (timed rounds)' : 'stopped', 'state');
    add('strategy', s.strategy);
    const sc = s.schedule;
    add('schedule', sc ? `a round every ${duration(sc.interval)}, deadline ${duration(sc.deadline)}, quorum ${sc.quorum}, ` +
      `sampling ${fmt(sc.samplingFraction, 2)} (min ${sc.minParticipants})` + (num(sc.normBound) ? `, norm bound ${fmt(sc.normBound)}` : '') : 'n/a');
    add('participants', String(s.participants) + (s.paused && s.paused.length ? ` (paused: ${s.paused.join(', ')})` : ''), 'participant-count');
    add('round / version', `${s.round} / ${s.version}`, 'round-version');
    add('threshold', fmt(s.threshold, 5));
    add('rounds completed / failed', `${s.roundsCompleted} / ${s.roundsFailed}`);
    add('updates accepted / rejected', `${s.updatesAccepted} / ${s.updatesRejected}`);
    add('participant failures', String(s.participantFailures));
    if (s.persistenceFailures) add('persistence failures', String(s.persistenceFailures));
    $('run-round').disabled = s.roundInProgress;
    $('start-stop').disabled = false;
    $('start-stop').textContent = s.running ? 'Stop timed rounds' : 'Start timed rounds';
    $('download-onnx').disabled = !(s.version > 0);
    $('latest-version').textContent = s.version > 0 ? `latest: v${s.version}` : 'no version yet';
    if (s.version !== calibrationVersion) loadCalibration();
    const paused = (s.paused || []).join(',');
    if (paused !== pausedKey) { pausedKey = paused; loadFacilities(); }
  }

  async function loadCalibration() {
    calibrationVersion = status.version;
    const target = $('calibration');
    if (!(status.version > 0)) { target.textContent = ''; return; }
    const response = await api('/calibration');
    if (!response.ok) { target.textContent = 'calibration: n/a'; return; }
    const c = await response.json();
    const parts = c.participants.map(p => `${p.participantId} ${fmt(p.threshold, 5)}${p.own ? '' : p.scale != null ? ' (scaled)' : ' (federation)'}`).join(', ');
    target.textContent = `v${c.version}: ${c.normalization} normalization, false-alarm target ${fmt(c.falseAlarmTarget, 3)}, ` +
      `threshold ${fmt(c.threshold, 5)} over ${c.windows} windows; per participant: ${parts || 'n/a'}`;
  }

  // ---- rounds, versions, participants --------------------------------------------------------------------------
  function sortedRounds() { return [...rounds.values()].sort((a, b) => a.roundId - b.roundId); }

  function renderRounds() {
    const all = sortedRounds();
    const body = $('rounds').tBodies[0];
    body.replaceChildren();
    for (const r of all.slice(-50).reverse()) {
      const row = body.insertRow();
      row.dataset.round = r.roundId;
      if (r.outcome !== 'Completed') row.className = 'failed';
      const m = metrics(r);
      cell(row, String(r.roundId));
      cell(row, r.outcome);
      cell(row, time(r.startedAt));
      cell(row, duration(r.duration));
      cell(row, `${r.contributions.length} / ${r.sampled.length}`);
      cell(row, String(r.samples));
      cell(row, fmt(r.trainingLoss, 5));
      cell(row, fmt(r.evaluation && r.evaluation.loss, 5));
      cell(row, fmt(m && m.f1));
      cell(row, fmt(m && m.falseAlarmRate));
      cell(row, fmt(m && m.missedAlarmRate));
      cell(row, fmt(m && m.prAuc));
      // Cumulative privacy spent at the federation's delta; empty without differential privacy.
      cell(row, r.privacy ? fmt(r.privacy.epsilon) : '');
      cell(row, r.outcome === 'Completed' ? String(r.version) : '');
      cell(row, r.failureReason || '', 'text');
    }

    const versions = $('versions').tBodies[0];
    versions.replaceChildren();
    for (const r of all.filter(x => x.outcome === 'Completed' && x.version > 0).slice(-20).reverse()) {
      const row = versions.insertRow();
      row.dataset.version = r.version;
      const m = metrics(r);
      cell(row, 'v' + r.version); cell(row, String(r.roundId)); cell(row, time(r.startedAt));
      cell(row, fmt(r.threshold, 5)); cell(row, String(r.samples)); cell(row, fmt(m && m.f1));
    }

    renderParticipants(all);
    chart($('loss-chart'), all, [
      { name: 'training loss', color: '#2563eb', value: r => num(r.trainingLoss) },
      { name: 'evaluation loss', color: '#d97706', value: r => num(r.evaluation && r.evaluation.loss) },
    ]);
    chart($('metrics-chart'), all, [
      { name: 'F1', color: '#15803d', value: r => num(metrics(r) && metrics(r).f1) },
      { name: 'FAR', color: '#b91c1c', value: r => num(metrics(r) && metrics(r).falseAlarmRate) },
      { name: 'MAR', color: '#7c3aed', value: r => num(metrics(r) && metrics(r).missedAlarmRate) },
      { name: 'PR-AUC', color: '#0891b2', value: r => num(metrics(r) && metrics(r).prAuc) },
    ], [0, 1]);
  }

  function renderParticipants(all) {
    const byId = new Map();
    const get = id => { if (!byId.has(id)) byId.set(id, { id, samples: null, contributions: 0, rejections: 0, late: 0, failures: 0, response: null, seen: null, problem: '' }); return byId.get(id); };
    for (const r of all) {
      for (const id of r.sampled) get(id);
      for (const c of r.contributions) { const p = get(c.participantId); p.contributions++; p.samples = c.samples; p.response = c.responseTime; p.seen = r.startedAt; }
      for (const x of r.rejections) {
        const p = get(x.participantId); p.rejections++; if (x.reason === 'Late') p.late++;
        p.problem = `round ${r.roundId}: ${x.reason}: ${x.detail}`;
      }
      for (const f of r.failures) { const p = get(f.participantId); p.failures++; p.problem = `round ${r.roundId}: ${f.error}`; }
    }
    const body = $('participants').tBodies[0];
    body.replaceChildren();
    for (const p of [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : 1))) {
      const row = body.insertRow();
      row.dataset.participant = p.id;
      cell(row, p.id); cell(row, p.samples === null ? 'n/a' : String(p.samples)); cell(row, String(p.contributions));
      cell(row, String(p.rejections)); cell(row, String(p.late));
      cell(row, duration(p.response)); cell(row, String(p.failures));
      cell(row, p.seen ? time(p.seen) : 'never'); cell(row, p.problem, 'text');
    }
  }

  // A line chart in inline SVG: rounds on x, one polyline per series, broken where a value is undefined.
  function chart(svg, all, series, fixedRange) {
    const ns = 'http://www.w3.org/2000/svg';
    const el = (name, attrs, text) => { const e = document.createElementNS(ns, name); for (const k in attrs) e.setAttribute(k, attrs[k]); if (text !== undefined) e.textContent = text; svg.appendChild(e); return e; };
    svg.replaceChildren();
    const width = svg.clientWidth || 600, height = svg.clientHeight || 220;
    svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    const left = 48, right = 10, top = 22, bottom = 22;
    const values = all.flatMap(r => series.map(s => s.value(r))).filter(v => v !== null);
    if (all.length === 0 || values.length === 0) { el('text', { x: left, y: height / 2 }, 'no rounds with values yet'); return; }
    let [lo, hi] = fixedRange || [Math.min(...values), Math.max(...values)];
    if (hi === lo) { hi += 1; lo -= fixedRange ? 0 : 1; }
    const x0 = all[0].roundId, x1 = all[all.length - 1].roundId;
    const x = id => left + (x1 === x0 ? (width - left - right) / 2 : (id - x0) / (x1 - x0) * (width - left - right));
    const y = v => top + (1 - (v - lo) / (hi - lo)) * (height - top - bottom);
    el('line', { x1: left, y1: top, x2: left, y2: height - bottom, stroke: '#9ca3af' });
    el('line', { x1: left, y1: height - bottom, x2: width - right, y2: height - bottom, stroke: '#9ca3af' });
    for (const v of [lo, (lo + hi) / 2, hi]) el('text', { x: 4, y: y(v) + 3 }, v.toPrecision(3));
    el('text', { x: left, y: height - 6 }, 'round ' + x0);
    el('text', { x: width - right - 60, y: height - 6 }, 'round ' + x1);
    let legend = left;
    for (const s of series) {
      el('rect', { x: legend, y: 6, width: 10, height: 10, fill: s.color });
      el('text', { x: legend + 14, y: 15 }, s.name);
      legend += 24 + s.name.length * 6;
      let path = '';
      let pen = false;
      for (const r of all) {
        const v = s.value(r);
        if (v === null) { pen = false; continue; }
        path += (pen ? 'L' : 'M') + x(r.roundId).toFixed(1) + ' ' + y(v).toFixed(1) + ' ';
        pen = true;
        el('circle', { cx: x(r.roundId), cy: y(v), r: 2.5, fill: s.color, 'data-series': s.name, 'data-round': r.roundId });
      }
      if (path) el('path', { d: path, fill: 'none', stroke: s.color, 'stroke-width': 1.5 });
    }
  }

  // ---- one facility's series ----------------------------------------------------------------------------------------
  // Its own evaluation per round, bounded like the pooled one, from /facilities/{id}/rounds; the live feed's rounds that name it
  // bring their point.
  function renderFacilitySeries() {
    const points = [...facilitySeries.values()].sort((a, b) => a.roundId - b.roundId);
    const svg = $('facility-chart');
    svg.dataset.facility = picked || '';
    svg.dataset.points = String(points.length);
    chart($('facility-loss-chart'), points, [
      { name: 'training loss', color: '#2563eb', value: p => num(p.trainingLoss) },
      { name: 'evaluation loss', color: '#d97706', value: p => num(p.evaluationLoss) },
    ]);
    chart(svg, points, [
      { name: 'F1', color: '#15803d', value: p => num(p.f1) },
      { name: 'FAR', color: '#b91c1c', value: p => num(p.falseAlarmRate) },
      { name: 'MAR', color: '#7c3aed', value: p => num(p.missedAlarmRate) },
      { name: 'PR-AUC', color: '#0891b2', value: p => num(p.prAuc) },
    ], [0, 1]);
    const last = points.length ? points[points.length - 1] : null;
    const count = v => (v === null || v === undefined ? 'n/a' : String(v));
    $('facility-latest').textContent = !picked ? 'no facility picked' : !last ? `no rounds of ${picked} yet` :
      `round ${last.roundId}: ${count(last.windows)} windows, ${count(last.anomalies)} anomalous, F1 ${fmt(last.f1)}, FAR ${fmt(last.falseAlarmRate)}, ` +
      `MAR ${fmt(last.missedAlarmRate)}, PR-AUC ${fmt(last.prAuc)}; training loss ${fmt(last.trainingLoss, 5)} on ${count(last.trainingSamples)} credited samples`;
  }

  function addPoints(id, points) {
    if (id !== picked) return;
    for (const p of points) facilitySeries.set(p.roundId, p);
    const oldest = [...facilitySeries.keys()].sort((a, b) => a - b);
    for (const r of oldest.slice(0, Math.max(0, oldest.length - seriesPoints))) facilitySeries.delete(r);
  }

  async function loadFacilitySeries() {
    const id = picked;
    facilitySeries.clear();
    if (id) {
      try {
        const response = await api(`/facilities/${encodeURIComponent(id)}/rounds?last=${seriesPoints}`);
        if (response.ok) addPoints(id, await response.json());
      } catch { /* the next round or pick tries again */ }
    }
    if (id === picked) renderFacilitySeries();
  }

  // A completed round the picked facility contributed to has a point for it. The registry appends the series right after the
  // history, so the point may trail the round event by a moment: ask a few times.
  async function followFacility(round) {
    const id = picked;
    if (!id || round.outcome !== 'Completed' || !round.contributions.some(c => c.participantId === id)) return;
    for (let attempt = 0; attempt < 10 && id === picked && !facilitySeries.has(round.roundId); attempt++) {
      if (attempt > 0) await new Promise(resolve => setTimeout(resolve, 500));
      try {
        const response = await api(`/facilities/${encodeURIComponent(id)}/rounds?last=5`);
        if (response.ok) addPoints(id, await response.json());
      } catch { /* tried again below */ }
    }
    if (id === picked) renderFacilitySeries();
  }

  // The picker lists the participants; the first is shown until the operator picks another.
  function renderFacilityPicker(list) {
    const select = $('facility-pick');
    const ids = list.filter(f => f.participant).map(f => f.id);
    if (ids.join('\n') !== [...select.options].map(o => o.value).join('\n')) {
      select.replaceChildren(...ids.map(id => { const o = document.createElement('option'); o.value = id; o.textContent = id; return o; }));
    }
    const next = picked !== null && ids.includes(picked) ? picked : (ids[0] || null);
    if (next !== null) select.value = next;
    if (next !== picked) { picked = next; loadFacilitySeries(); }
  }

  $('facility-pick').addEventListener('change', e => { picked = e.target.value || null; loadFacilitySeries(); });

  // ---- anomalies from analytics ---------------------------------------------------------------------------------
  // Pushed as 'anomalies' events on the live feed (the silo reads analytics, which owns the predictions); read once at start.
  async function loadAnomalies() {
    try {
      const response = await api('/anomalies?limit=50&devices=8&points=60');
      if (!response.ok) { $('anomaly-source').textContent = await problem(response); return; }
      renderAnomalies(await response.json());
    } catch (e) { $('anomaly-source').textContent = String(e.message || e); }
  }

  function renderAnomalies(feed) {
    $('anomaly-source').textContent = feed.error ? feed.error
      : `from analytics at ${feed.source}: ${feed.anomalies.length} recent anomalies, updated ${new Date().toLocaleTimeString()}`;
    const body = $('anomalies').tBodies[0];
    body.replaceChildren();
    for (const a of feed.anomalies) {
      const key = anomalyKey(a);
      const row = body.insertRow();
      row.dataset.device = a.deviceId;
      row.dataset.key = key;
      // Rows not in the previous feed are highlighted once.
      if (!seenAnomalies.has(key) && seenAnomalies.size > 0) row.className = 'anomaly-new';
      cell(row, a.deviceId); cell(row, a.facilityId); cell(row, new Date(a.timestamp).toLocaleString());
      cell(row, fmt(a.score, 5)); cell(row, fmt(a.threshold, 5)); cell(row, 'v' + a.modelVersion);
    }
    // The first read marks everything as seen without highlighting it; a marker entry keeps the set non-empty afterwards.
    seenAnomalies.add('');
    for (const a of feed.anomalies) seenAnomalies.add(anomalyKey(a));
    const spark = $('sparklines');
    spark.replaceChildren();
    for (const d of feed.devices) spark.appendChild(sparkline(d));
  }

  // A device's recent scores as a small inline SVG line, with its threshold dashed and anomalous scores as red dots.
  function sparkline(series) {
    const ns = 'http://www.w3.org/2000/svg';
    const figure = document.createElement('figure');
    figure.dataset.device = series.deviceId;
    const svg = document.createElementNS(ns, 'svg');
    const el = (name, attrs) => { const e = document.createElementNS(ns, name); for (const k in attrs) e.setAttribute(k, attrs[k]); svg.appendChild(e); return e; };
    const w = 200, h = 40, pad = 3;
    svg.setAttribute('viewBox', `0 0 ${w} ${h}`);
    svg.setAttribute('preserveAspectRatio', 'none');
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', `scores of ${series.deviceId}`);
    const scores = series.scores.filter(p => num(p.score) !== null);
    const thresholds = scores.map(p => num(p.threshold)).filter(v => v !== null);
    const raw = scores.map(p => p.score).concat(thresholds);
    // An anomaly's score can be orders of magnitude above the ordinary ones; a log scale keeps both visible.
    const log = raw.length > 0 && Math.min(...raw) > 0 && Math.max(...raw) / Math.min(...raw) > 100;
    const f = v => (log ? Math.log10(v) : v);
    const values = raw.map(f);
    const last = scores.length ? scores[scores.length - 1] : null;
    if (values.length) {
      let lo = Math.min(...values), hi = Math.max(...values);
      if (hi === lo) hi = lo + 1;
      const x = i => pad + (scores.length === 1 ? (w - 2 * pad) / 2 : i / (scores.length - 1) * (w - 2 * pad));
      const y = v => pad + (1 - (f(v) - lo) / (hi - lo)) * (h - 2 * pad);
      const t = last && num(last.threshold);
      if (t !== null && t !== undefined) el('line', { x1: 0, x2: w, y1: y(t), y2: y(t), stroke: '#b91c1c', 'stroke-dasharray': '3 2', 'stroke-width': 1 });
      el('path', { d: scores.map((p, i) => (i ? 'L' : 'M') + x(i).toFixed(1) + ' ' + y(p.score).toFixed(1)).join(' '), fill: 'none', stroke: '#2563eb', 'stroke-width': 1.2 });
      scores.forEach((p, i) => { if (p.anomaly) el('circle', { cx: x(i), cy: y(p.score), r: 1.8, fill: '#b91c1c', 'data-anomaly': 'true' }); });
    }
    const caption = document.createElement('figcaption');
    caption.textContent = `${series.deviceId}: ${scores.length} scores${log ? ' (log scale)' : ''}` + (last ? `, last ${fmt(last.score, 4)} (threshold ${fmt(last.threshold, 4)}, v${last.modelVersion})` : '');
    figure.append(svg, caption);
    return figure;
  }

  // ---- facilities: pause state, remote key status ----------------------------------------------------------------
  async function loadFacilities() {
    let list;
    try {
      const response = await api('/facilities');
      if (!response.ok) return;
      list = await response.json();
    } catch { return; }
    renderFacilityPicker(list);
    const body = $('facilities').tBodies[0];
    body.replaceChildren();
    for (const f of list) {
      const row = body.insertRow();
      row.dataset.facility = f.id;
      if (f.paused) row.className = 'paused';
      cell(row, f.id);
      cell(row, f.remote ? 'remote' : 'in silo');
      cell(row, !f.participant ? 'not a participant' : f.paused ? 'paused' : 'sampled');
      cell(row, f.remote ? ({ Present: 'key present', Revoked: 'key revoked', Invalid: 'key invalid', Certificate: 'client certificate' }[f.keyStatus] || f.keyStatus) : '');
      cell(row, f.remote ? (f.lastPoll ? new Date(f.lastPoll).toLocaleString() : 'not since start') : '');
      cell(row, f.remote ? (f.lastDelivery ? new Date(f.lastDelivery).toLocaleString() : 'not since start') : '');
      const action = row.insertCell();
      if (f.participant) {
        const b = document.createElement('button');
        b.type = 'button'; b.className = 'small'; b.dataset.action = f.paused ? 'resume' : 'pause';
        b.textContent = f.paused ? 'Resume' : 'Pause';
        b.addEventListener('click', () => setPaused(f.id, !f.paused));
        action.appendChild(b);
      }
    }
  }

  async function setPaused(id, pause) {
    if (!confirm(pause ? `Pause facility '${id}'? It is not sampled in rounds of '${federation}' until resumed.` : `Resume facility '${id}' in rounds of '${federation}'?`)) return;
    try {
      const response = await api(`/facilities/${encodeURIComponent(id)}/${pause ? 'pause' : 'resume'}`, { method: 'POST' });
      if (!response.ok) { message(await problem(response), true); return; }
      status = await response.json();
      renderStatus();
      await loadFacilities();
      message(pause ? `facility ${id} paused` : `facility ${id} resumed`);
    } catch (e) {
      message(String(e.message || e), true);
    }
  }

  // ---- live feed -------------------------------------------------------------------------------------------------
  function handleEvent(block) {
    let event = 'message', data = '';
    for (const line of block.split('\n')) {
      if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data += line.slice(6);
    }
    if (!data) return;
    const payload = JSON.parse(data);
    if (event === 'round') { rounds.set(payload.roundId, payload); renderRounds(); followFacility(payload); }
    else if (event === 'status') { status = payload; renderStatus(); }
    else if (event === 'anomalies') renderAnomalies(payload);
  }

  async function follow() {
    for (;;) {
      const after = rounds.size ? Math.max(...rounds.keys()) : 0;
      try {
        const response = await api('/events?after=' + after, { headers: { Accept: 'text/event-stream' } });
        if (!response.ok) throw new Error(await problem(response));
        const live = $('live'); live.dataset.state = 'live'; live.textContent = 'live';
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) { handleEvent(buffer.slice(0, end)); buffer = buffer.slice(end + 2); }
        }
      } catch (e) {
        $('live').title = String(e.message || e);
      }
      const live = $('live'); live.dataset.state = 'reconnecting'; live.textContent = 'reconnecting';
      await new Promise(resolve => setTimeout(resolve, 2000));
    }
  }

  // ---- actions ---------------------------------------------------------------------------------------------------
  $('run-round').addEventListener('click', async () => {
    if (!confirm(`Run a round of federation '${federation}' now?`)) return;
    const button = $('run-round');
    button.disabled = true;
    message('running a round…');
    try {
      const response = await api('/rounds/run', { method: 'POST' });
      if (!response.ok) { message(await problem(response), true); return; }
      const r = await response.json();
      rounds.set(r.roundId, r);
      renderRounds();
      followFacility(r);
      // The stream brings the new status within a poll; reading it now keeps the panel in step with the message.
      const s = await api('/status');
      if (s.ok) { status = await s.json(); renderStatus(); }
      message(r.outcome === 'Completed' ? `round ${r.roundId} completed: version ${r.version}` : `round ${r.roundId} failed: ${r.failureReason}`, r.outcome !== 'Completed');
    } catch (e) {
      message(String(e.message || e), true);
    } finally {
      button.disabled = !!(status && status.roundInProgress);
    }
  });

  $('start-stop').addEventListener('click', async () => {
    const stop = !!(status && status.running);
    if (!confirm(stop ? `Stop timed rounds of federation '${federation}'? The model and history stay.` : `Start timed rounds of federation '${federation}'?`)) return;
    try {
      const response = await api(stop ? '/stop' : '/start', { method: 'POST' });
      if (!response.ok) { message(await problem(response), true); return; }
      status = await response.json();
      renderStatus();
      message(stop ? 'timed rounds stopped' : 'timed rounds started');
    } catch (e) {
      message(String(e.message || e), true);
    }
  });

  $('download-onnx').addEventListener('click', async () => {
    try {
      const response = await api('/model.onnx');
      if (!response.ok) { message(await problem(response), true); return; }
      const disposition = response.headers.get('Content-Disposition') || '';
      const named = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
      const a = document.createElement('a');
      a.href = URL.createObjectURL(await response.blob());
      a.download = named ? decodeURIComponent(named[1]) : `${federation}.onnx`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 60000);
    } catch (e) {
      message(String(e.message || e), true);
    }
  });

  $('auth').addEventListener('submit', e => {
    e.preventDefault();
    sessionStorage.setItem(keyStore, $('operator-key').value);
    location.reload();
  });

  // ---- start -----------------------------------------------------------------------------------------------------
  async function start() {
    $('federation').textContent = federation;
    document.title = `FedAspire · ${federation}`;
    try {
      const s = await api('/status');
      if (s.status === 404) { status = null; renderStatus(); message(`federation '${federation}' is not configured`, true); return; }
      if (!s.ok) throw new Error(await problem(s));
      status = await s.json();
      const h = await api('/rounds?last=200');
      if (!h.ok) throw new Error(await problem(h));
      for (const r of await h.json()) rounds.set(r.roundId, r);
      renderStatus();
      renderRounds();
      document.body.dataset.loaded = 'true';
    } catch (e) {
      message(String(e.message || e), true);
      return;
    }
    follow();
    loadAnomalies();
    // Last-seen times change without a status change; pause changes arrive with the status.
    setInterval(loadFacilities, facilityPollMs);
  }
  start();
})();
