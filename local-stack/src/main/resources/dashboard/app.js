// SpectraTrack live page: one EventSource of snapshots, one canvas per camera, a band-importance
// heatmap per target, the alert feed. No build step; plain browser JavaScript.
'use strict';

const HISTORY = 120;            // band-importance columns kept per target
const cards = new Map();        // cameraId -> {root, canvas, ctx, img, loading, shownFrame, targets: Map}
const history = new Map();      // "cam/target" -> [{frameIndex, values}]
const zones = new Map();        // cameraId -> [{zoneId, polygon:[{x,y}]}]

// Read by the browser test (and handy in the console).
window.spectraDemo = { states: 0, framesDrawn: 0, last: null };

function fmt(v, digits = 0) {
  return v === undefined || v === null || v < 0 ? '–' : Number(v).toFixed(digits);
}

function renderStatus(s) {
  const el = document.getElementById('status');
  const parts = [
    `<b>${fmt(s.framesPerSecond, 1)}</b> frames/s (ingest lag ${fmt(s.ingestLagP50Ms)} ms)`,
    `latency p50 <b>${fmt(s.latencyP50Ms)}</b> ms, p99 <b>${fmt(s.latencyP99Ms)}</b> ms`,
    `<b>${s.activeTargets}</b> active targets`,
    `<b>${s.alerts}</b> alerts`,
    `<b>${s.droppedFrames}</b> dropped frames`,
  ];
  if (s.model) parts.push(`model ${s.model}`);
  el.innerHTML = parts.join(' · ');
  el.dataset.frames = s.framesIn;
  el.dataset.updates = s.updates;
}

function card(cam) {
  let c = cards.get(cam.id);
  if (c) return c;
  const root = document.createElement('article');
  root.className = 'camera';
  root.dataset.camera = cam.id;
  root.innerHTML = `<h2>${cam.id}</h2><canvas class="view"></canvas><div class="meta"></div><div class="targets"></div>`;
  document.getElementById('cameras').appendChild(root);
  const canvas = root.querySelector('canvas.view');
  const scale = Math.max(1, Math.round(640 / cam.width));
  canvas.width = cam.width * scale;
  canvas.height = cam.height * scale;
  c = { root, canvas, ctx: canvas.getContext('2d'), scale, img: null, loading: false, imgFrame: -1,
        meta: root.querySelector('.meta'), targetsEl: root.querySelector('.targets'), targets: new Map(), cam };
  cards.set(cam.id, c);
  return c;
}

function loadFrame(c, cam) {
  if (c.loading || cam.shownFrame === c.imgFrame) return;
  c.loading = true;
  const img = new Image();
  img.onload = () => { c.img = img; c.imgFrame = cam.shownFrame; c.loading = false; draw(c); window.spectraDemo.framesDrawn++; };
  img.onerror = () => { c.loading = false; };
  img.src = `/api/frame?camera=${encodeURIComponent(cam.id)}&index=${cam.shownFrame}`;
}

function strokeBox(ctx, b, s, colour, dashed) {
  ctx.save();
  ctx.strokeStyle = colour;
  ctx.lineWidth = 2;
  if (dashed) ctx.setLineDash([6, 4]);
  ctx.strokeRect(b.x * s, b.y * s, b.w * s, b.h * s);
  ctx.restore();
}

const STATUS_COLOUR = { TRACKING: '#3ddc84', UNCERTAIN: '#ffc53d', LOST: '#ff5c5c' };

function draw(c) {
  const { ctx, canvas, scale: s, cam } = c;
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  if (c.img) ctx.drawImage(c.img, 0, 0, canvas.width, canvas.height);
  for (const z of zones.get(cam.id) || []) {
    ctx.save();
    ctx.fillStyle = 'rgba(108,182,255,0.16)';
    ctx.strokeStyle = 'rgba(108,182,255,0.9)';
    ctx.lineWidth = 2;
    ctx.beginPath();
    z.polygon.forEach((p, i) => (i ? ctx.lineTo(p.x * s, p.y * s) : ctx.moveTo(p.x * s, p.y * s)));
    ctx.closePath(); ctx.fill(); ctx.stroke();
    ctx.fillStyle = 'rgba(108,182,255,1)';
    ctx.font = '13px system-ui';
    ctx.fillText(`zone: ${z.name || z.zoneId}`, 6, 16);
    ctx.restore();
  }
  for (const t of cam.targets) {
    if (t.truth) strokeBox(ctx, t.truth, s, '#ffffff', true);
    if (t.box) {
      strokeBox(ctx, t.box, s, STATUS_COLOUR[t.status] || '#ccc', false);
      ctx.fillStyle = STATUS_COLOUR[t.status] || '#ccc';
      ctx.font = '13px system-ui';
      ctx.fillText(`${t.id} ${fmt(t.score, 2)}`, t.box.x * s, Math.max(12, t.box.y * s - 4));
    }
  }
}

function targetRow(c, t) {
  let row = c.targets.get(t.id);
  if (!row) {
    row = document.createElement('div');
    row.className = 'target';
    row.dataset.target = t.id;
    row.innerHTML = `<h3><span class="name"></span> <span class="state"></span></h3><canvas class="importance" width="480" height="90"></canvas>`;
    c.targetsEl.appendChild(row);
    c.targets.set(t.id, row);
  }
  return row;
}

function pushHistory(key, sample) {
  let h = history.get(key);
  if (!h) { h = []; history.set(key, h); }
  if (!h.length || h[h.length - 1].frameIndex < sample.frameIndex) h.push(sample);
  while (h.length > HISTORY) h.shift();
  return h;
}

function drawImportance(canvas, h, wavelengths) {
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  if (!h.length) {
    ctx.fillStyle = '#8b95a5';
    ctx.font = '12px system-ui';
    ctx.fillText('no band telemetry yet', 10, canvas.height / 2);
    return;
  }
  const bands = h[h.length - 1].values.length;
  const left = 44;
  const colW = (canvas.width - left) / HISTORY;
  const rowH = canvas.height / bands;
  h.forEach((sample, i) => {
    // Colour = the band's share of the total importance: an even spread (share 1/B) is mid-tone,
    // a band the model leans on twice as much as average or more is full yellow.
    const sum = Math.max(1e-9, sample.values.reduce((x, y) => x + y, 0));
    sample.values.forEach((v, b) => {
      const a = Math.min(1, (v / sum) * bands / 2);
      // Dark blue -> yellow: the bands the model relied on stand out.
      ctx.fillStyle = `rgb(${Math.round(255 * a)}, ${Math.round(200 * a + 30 * (1 - a))}, ${Math.round(120 * (1 - a))})`;
      ctx.fillRect(left + (HISTORY - h.length + i) * colW, (bands - 1 - b) * rowH, Math.ceil(colW), Math.ceil(rowH));
    });
  });
  ctx.fillStyle = '#8b95a5';
  ctx.font = '10px system-ui';
  if (wavelengths && wavelengths.length === bands) {
    ctx.fillText(`${Math.round(wavelengths[bands - 1])} nm`, 2, 10);
    ctx.fillText(`${Math.round(wavelengths[0])} nm`, 2, canvas.height - 3);
  } else {
    ctx.fillText(`band ${bands - 1}`, 2, 10);
    ctx.fillText('band 0', 2, canvas.height - 3);
  }
}

function renderCamera(cam) {
  const c = card(cam);
  c.cam = cam;
  if (cam.zones) zones.set(cam.id, cam.zones);
  const tracked = cam.targets.filter((t) => t.box);
  c.meta.textContent = `frame ${cam.frameIndex} · ${cam.bands} bands ${cam.width}×${cam.height}` +
    ` · false colour from bands ${cam.rgbBands.join('/')}` + (tracked.length ? ` · boxes on frame ${cam.shownFrame}` : '');
  c.root.dataset.frame = cam.frameIndex;
  for (const t of cam.targets) {
    const row = targetRow(c, t);
    row.querySelector('.name').textContent = t.id;
    const st = row.querySelector('.state');
    st.className = `state ${t.status}`;
    // A re-acquisition (REDETECTED, RECALLED) may have jumped: say so next to the status.
    const found = t.foundBy && t.foundBy !== 'FOLLOWED' ? ` · ${t.foundBy.toLowerCase()}` : '';
    st.textContent = t.box ? `${t.status}${found} · score ${fmt(t.score, 2)} · frame ${t.frameIndex}` : t.status;
    if (t.box) row.dataset.box = [t.box.x, t.box.y, t.box.w, t.box.h].map((v) => v.toFixed(1)).join(',');
    const key = `${cam.id}/${t.id}`;
    (t.importanceHistory || []).forEach((s) => pushHistory(key, s));
    if (t.importance) pushHistory(key, t.importance);
    drawImportance(row.querySelector('canvas.importance'), history.get(key) || [], cam.wavelengths);
  }
  loadFrame(c, cam);
  draw(c);
}

function renderAlerts(alerts, total) {
  document.getElementById('alert-count').textContent = total;
  const ol = document.getElementById('alerts');
  ol.innerHTML = '';
  for (const a of alerts) {
    const li = document.createElement('li');
    li.className = 'alert';
    li.dataset.kind = a.kind;
    const when = new Date(a.captureTimeMs).toLocaleTimeString();
    li.innerHTML = `<span class="kind ${a.kind}">${a.kind}</span>${a.cameraId}/${a.targetId} · frame ${a.frameIndex} · ${when}<br><span class="meta"></span>`;
    li.querySelector('.meta').textContent = a.message || '';
    ol.appendChild(li);
  }
}

function onState(s) {
  window.spectraDemo.states++;
  window.spectraDemo.last = s;
  renderStatus(s.status);
  if (!s.cameras.length && !cards.size) {
    document.getElementById('cameras').innerHTML = '<div class="empty">waiting for the first frame&hellip;</div>';
  } else {
    const empty = document.querySelector('#cameras .empty');
    if (empty) empty.remove();
  }
  s.cameras.forEach(renderCamera);
  renderAlerts(s.alerts, s.status.alerts);
}

const events = new EventSource('/api/events');
events.addEventListener('state', (e) => onState(JSON.parse(e.data)));
events.onerror = () => { document.getElementById('status').textContent = 'disconnected; retrying…'; };
