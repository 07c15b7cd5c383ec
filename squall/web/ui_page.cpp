#include "squall/web/ui_page.hpp"

namespace squall::web {

const std::string& ui_page() {
  static const std::string page = R"HTML(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>squall UI</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#1d2733;background:#f6f8fa}
header{background:#1d3557;color:#fff;padding:8px 16px;display:flex;gap:16px;align-items:center}
header a{color:#fff;text-decoration:none;font-weight:600}
main{padding:12px 16px}
h2{font-size:16px;margin:18px 0 6px}
table{border-collapse:collapse;background:#fff;margin-bottom:8px}
th,td{border:1px solid #d0d7de;padding:3px 8px;text-align:right;white-space:nowrap}
th{background:#eef2f6;font-weight:600}td:first-child,th:first-child{text-align:left}
.muted{color:#667}.err{color:#b3261e;text-align:left;white-space:normal;max-width:420px}
.status{padding:2px 8px;border-radius:10px;background:#2a9d8f;color:#fff}.status.INACTIVE{background:#e9c46a;color:#333}
.status.KILLED,.status.GONE{background:#b3261e}
button{margin-right:6px;padding:4px 12px;border:1px solid #889;border-radius:4px;background:#fff;cursor:pointer}
svg.graph{background:#fff;border:1px solid #d0d7de}
.node rect{fill:#e8f1fb;stroke:#1d3557;rx:8}.node.spout rect{fill:#e6f4ea;stroke:#2a7a3b}
.node text{font-size:12px}.node .id{font-weight:600}.node.hot rect{stroke:#b3261e;stroke-width:2}
.edge{fill:none;stroke:#7a8aa0}.edge-label{font-size:11px;fill:#445}
polyline.spark{fill:none;stroke:#1d6fb8;stroke-width:1.5}
</style></head>
<body><header><a href="/">squall</a><span id="crumbs"></span></header><main id="main">loading…</main>
<script>
"use strict";
const params = new URLSearchParams(location.search);
const token = params.get("token") || "";
// ?frames=N: stop updating after N events, so that a headless browser's capture ends
const frames = parseInt(params.get("frames") || "0", 10);
function live(url, onEvent) {
  const source = new EventSource(url);
  let seen = 0;
  source.onmessage = e => {
    const ev = JSON.parse(e.data);
    if (onEvent(ev) === false || (frames > 0 && ++seen >= frames)) source.close();
  };
}
let settings = {actions: false};
const HISTORY = 300;  // samples kept for the rate charts (5 minutes at one a second)
const esc = s => String(s ?? "").replace(/[&<>"']/g, c => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]));
const enc = encodeURIComponent;
const fmt = n => typeof n === "number" ? (Number.isInteger(n) ? n.toLocaleString("en") : n.toFixed(2)) : esc(n);
const rates = {};  // key → [{t, v}]
function rate(key, value, now) {
  const h = rates[key] = rates[key] || [];
  h.push({t: now, v: value});
  if (h.length > HISTORY + 1) h.shift();
  if (h.length < 2) return 0;
  const a = h[h.length - 2], b = h[h.length - 1];
  return b.t > a.t ? Math.max(0, (b.v - a.v) / ((b.t - a.t) / 1000)) : 0;
}
function spark(key) {
  const h = rates[key] || [];
  if (h.length < 3) return "";
  const r = [];
  for (let i = 1; i < h.length; i++) r.push(Math.max(0, (h[i].v - h[i - 1].v) / Math.max(0.001, (h[i].t - h[i - 1].t) / 1000)));
  const max = Math.max(1, ...r), w = 120, hgt = 24;
  const pts = r.map((v, i) => `${(i * w / Math.max(1, r.length - 1)).toFixed(1)},${(hgt - v / max * (hgt - 2) - 1).toFixed(1)}`).join(" ");
  return `<svg width="${w}" height="${hgt}" aria-label="rate"><polyline class="spark" points="${pts}"/></svg>`;
}
// The share of the last interval the executors spent waiting on full queues downstream.
function blocked(key, stats, now) {
  const share = rate("blocked:" + key, stats.backpressureSecs || 0, now);
  return share > 0.005 ? `<span class="${share > 0.1 ? "err" : ""}">${(100 * Math.min(1, share)).toFixed(0)} %</span>` : "–";
}
function crumbs(html) { document.getElementById("crumbs").innerHTML = html; }
function userMetrics(m) {
  const rows = Object.entries(m || {}).map(([k, v]) => `<tr data-metric="${esc(k)}"><td>${esc(k)}</td><td>${
    typeof v === "object" ? `count ${fmt(v.count)}, mean ${fmt(v.mean)}, p50 ${fmt(v.p50)}, p99 ${fmt(v.p99)}, max ${fmt(v.max)}` : fmt(v)}</td></tr>`);
  return rows.join("");
}
async function post(path) {
  const r = await fetch(path + (token ? "?token=" + enc(token) : ""), {method: "POST", headers: {"X-Squall-Token": token || "ui"}});
  const body = await r.json().catch(() => ({}));
  if (!r.ok) alert(body.error || r.statusText);
}
function actions(id) {
  if (!settings.actions) return "";
  const base = "/api/v1/topology/" + enc(id);
  return `<p id="actions"><button onclick="post('${base}/activate')">Activate</button>` +
    `<button onclick="post('${base}/deactivate')">Deactivate</button>` +
    `<button onclick="const w=prompt('Seconds pending tuples get before the kill','30'); if(w!==null) post('${base}/kill/'+enc(w))">Kill</button></p>`;
}

async function indexPage() {
  crumbs("");
  const [cluster, topologies] = await Promise.all(["/api/v1/cluster/summary", "/api/v1/topology/summary"].map(p => fetch(p).then(r => r.json())));
  document.getElementById("main").innerHTML = `<h2>Cluster</h2><table><tr><th>version</th><th>topologies</th><th>slots</th><th>executors</th><th>tasks</th></tr>
    <tr><td>${esc(cluster.stormVersion)}</td><td>${cluster.topologies}</td><td>${cluster.slotsUsed}/${cluster.slotsTotal}</td><td>${cluster.executorsTotal}</td><td>${cluster.tasksTotal}</td></tr></table>
    <h2>Topologies</h2><table><tr><th>name</th><th>status</th><th>uptime</th><th>workers</th><th>tasks</th></tr>${topologies.topologies.map(t =>
    `<tr><td><a href="/topology.html?id=${enc(t.id)}${token ? "&token=" + enc(token) : ""}">${esc(t.name)}</a></td><td><span class="status ${esc(t.status)}">${esc(t.status)}</span></td><td>${esc(t.uptime)}</td><td>${t.workersTotal}</td><td>${t.tasksTotal}</td></tr>`).join("")}</table>`;
  setTimeout(indexPage, 2000);
}

function layout(vis) {
  const ids = Object.keys(vis), depth = {};
  const d = (id, seen) => {
    if (depth[id] !== undefined) return depth[id];
    if (seen.has(id)) return 0;
    seen.add(id);
    const ins = (vis[id][":inputs"] || []).filter(i => vis[i[":component"]]);
    return depth[id] = ins.length ? 1 + Math.max(...ins.map(i => d(i[":component"], seen))) : 0;
  };
  ids.forEach(id => d(id, new Set()));
  const rows = {}, pos = {};
  ids.forEach(id => { const col = depth[id]; rows[col] = (rows[col] || 0); pos[id] = {x: 20 + col * 380, y: 20 + rows[col]++ * 100}; });
  return pos;
}
function graph(vis, topo, now) {
  const pos = layout(vis), W = 180, H = 62;
  const stat = {};
  [...topo.spouts, ...topo.bolts].forEach(c => stat[c.spoutId || c.boltId] = c);
  let edges = "", nodes = "";
  const outs = {};
  Object.values(vis).forEach(v => (v[":inputs"] || []).forEach(i => outs[i[":component"]] = (outs[i[":component"]] || 0) + 1));
  for (const [id, v] of Object.entries(vis)) {
    const s = stat[id] || {}, r = rate("node:" + id, v[":type"] === "spout" ? s.emitted || 0 : s.executed || 0, now);
    const p = pos[id], cap = parseFloat(s.capacity || "0");
    nodes += `<g class="node ${esc(v[":type"])}${cap > 0.8 ? " hot" : ""}" data-component="${esc(id)}" transform="translate(${p.x},${p.y})">
      <a href="/component.html?topology_id=${enc(topo.id)}&id=${enc(id)}${token ? "&token=" + enc(token) : ""}"><rect width="${W}" height="${H}"/>
      <text class="id" x="10" y="18">${esc(id)}</text><text x="10" y="36">${esc(v[":type"])} ×${v[":parallelism"]}  ${fmt(Math.round(r))}/s</text>
      <text x="10" y="53" class="muted">${v[":type"] === "bolt" ? "capacity " + esc(s.capacity) : "complete " + esc(s.completeLatency) + " ms"}</text></a></g>`;
    for (const i of v[":inputs"] || []) {
      const src = pos[i[":component"]];
      if (!src) continue;
      const ins = (v[":inputs"] || []).length, srcStat = stat[i[":component"]] || {};
      const er = ins === 1 ? r : rate("edge:" + i[":component"] + ">" + id, (srcStat.transferred || 0) / Math.max(1, outs[i[":component"]] || 1), now);
      const width = Math.min(10, 1 + Math.log10(1 + er));
      const x1 = src.x + W, y1 = src.y + H / 2, x2 = p.x, y2 = p.y + H / 2, mx = (x1 + x2) / 2;
      edges += `<path class="edge" data-edge="${esc(i[":component"] + "->" + id + ":" + i[":stream"])}" style="stroke-width:${width.toFixed(1)}" d="M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}" marker-end="url(#arrow)"/>
        <text class="edge-label" text-anchor="middle" x="${mx}" y="${(y1 + y2) / 2 - 8}">${esc(i[":stream"])} · ${esc(i[":grouping"])} · ${fmt(Math.round(er))}/s</text>`;
    }
  }
  const w = Math.max(...Object.values(pos).map(p => p.x)) + W + 30, h = Math.max(...Object.values(pos).map(p => p.y)) + H + 30;
  return `<svg class="graph" width="${w}" height="${h}"><defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0L10,5L0,10z" fill="#7a8aa0"/></marker></defs>${edges}${nodes}</svg>`;
}
function componentRows(list, kind, topo, now) {
  return list.map(c => {
    const id = c.spoutId || c.boltId;
    rate("row:" + id, kind === "spout" ? c.emitted : c.executed, now);
    const counters = kind === "spout" ? ["emitted", "transferred", "acked", "failed"] : ["emitted", "transferred", "executed", "acked", "failed"];
    return `<tr data-component="${esc(id)}"><td><a href="/component.html?topology_id=${enc(topo.id)}&id=${enc(id)}${token ? "&token=" + enc(token) : ""}">${esc(id)}</a></td><td>${c.tasks}</td>` +
      counters.map(k => `<td data-counter="${k}">${fmt(c[k])}</td>`).join("") +
      (kind === "spout" ? `<td>${esc(c.completeLatency)}</td>` : `<td>${esc(c.executeLatency)}</td><td>${esc(c.processLatency)}</td><td>${esc(c.capacity)}</td>`) +
      `<td>${fmt(c.queueDepth)}</td><td data-counter="blocked">${blocked("row:" + id, c, now)}</td><td>${spark("row:" + id)}</td><td class="err" data-error="${esc(id)}">${esc(c.lastError)}</td></tr>`;
  }).join("");
}
let viewLinks = "";
function topologyPage(id) {
  crumbs(`› ${esc(id)}`);
  fetch("/api/v1/views").then(r => r.json()).then(v => {
    const mine = v.views.filter(x => x.topology === id);
    viewLinks = mine.length ? `<h2>Views</h2><p id="views">${mine.map(x => `<a data-view="${esc(x.name)}" href="/view.html?name=${enc(x.name)}">${esc(x.name)}</a> (${esc(x.chart)} of ${esc(x.component)})`).join(" · ")}</p>` : "";
  });
  live("/api/v1/topology/" + enc(id) + "/stream", ev => {
    const now = ev.timeMs, main = document.getElementById("main");
    if (ev.gone) { main.innerHTML = `<p><span class="status GONE">KILLED</span> topology ${esc(id)} is no longer running.</p>`; return false; }
    const t = ev.topology, s = t.topologyStats[0];
    let metrics = "";
    [...t.spouts, ...t.bolts].forEach(c => { const rows = userMetrics(c.userMetrics); if (rows) metrics += `<tr><th colspan="2">${esc(c.spoutId || c.boltId)}</th></tr>${rows}`; });
    main.innerHTML = `<h2>Topology ${esc(t.name)} <span class="status ${esc(t.status)}" id="status">${esc(t.status)}</span></h2>
      <p>up ${esc(t.uptime)} · ${t.workersTotal} worker(s) · ${t.tasksTotal} tasks · emitted <span data-counter="topology-emitted">${fmt(s.emitted)}</span> · acked ${fmt(s.acked)} · failed ${fmt(s.failed)} · complete latency ${esc(s.completeLatency)} ms</p>
      ${actions(id)}${ev.visualization ? graph(ev.visualization, t, now) : ""}${viewLinks}
      <h2>Spouts</h2><table id="spouts"><tr><th>id</th><th>tasks</th><th>emitted</th><th>transferred</th><th>acked</th><th>failed</th><th>complete ms</th><th>queue</th><th>blocked</th><th>rate</th><th>last error</th></tr>${componentRows(t.spouts, "spout", t, now)}</table>
      <h2>Bolts</h2><table id="bolts"><tr><th>id</th><th>tasks</th><th>emitted</th><th>transferred</th><th>executed</th><th>acked</th><th>failed</th><th>execute ms</th><th>process ms</th><th>capacity</th><th>queue</th><th>blocked</th><th>rate</th><th>last error</th></tr>${componentRows(t.bolts, "bolt", t, now)}</table>
      ${metrics ? `<h2>User metrics</h2><table id="user-metrics">${metrics}</table>` : ""}`;
  });
}
function componentPage(topologyId, id) {
  crumbs(`› <a href="/topology.html?id=${enc(topologyId)}${token ? "&token=" + enc(token) : ""}">${esc(topologyId)}</a> › ${esc(id)}`);
  live("/api/v1/topology/" + enc(topologyId) + "/stream?component=" + enc(id), ev => {
    const now = ev.timeMs, main = document.getElementById("main"), c = ev.component;
    if (ev.gone || !c) { main.innerHTML = `<p>${esc(id)} of ${esc(topologyId)} is not running.</p>`; return false; }
    const spout = c.componentType === "spout";
    const rows = c.executorStats.map(x => {
      const task = x.id.replace(/^\[(\d+)-.*$/, "$1");
      rate("task:" + task, spout ? x.emitted : x.executed, now);
      return `<tr data-task="${esc(task)}"><td>${esc(x.id)}</td><td>${esc(x.host)}:${x.port}</td>` +
        ["emitted", "transferred"].concat(spout ? [] : ["executed"], ["acked", "failed"]).map(k => `<td data-counter="${k}">${fmt(x[k])}</td>`).join("") +
        (spout ? `<td>${esc(x.completeLatency)}</td>` : `<td>${esc(x.executeLatency)}</td><td>${esc(x.capacity)}</td>`) +
        `<td>${fmt(x.queueDepth)}</td><td>${blocked("task:" + task, x, now)}</td><td>${spark("task:" + task)}</td></tr>`;
    }).join("");
    const errors = c.componentErrors.map(x => `<tr><td>${new Date(x.time).toLocaleTimeString()}</td><td>${x.errorTask}</td><td class="err" data-error="${esc(id)}">${esc(x.error)}</td></tr>`).join("");
    const metrics = userMetrics(c.userMetrics);
    main.innerHTML = `<h2>${esc(c.componentType)} ${esc(id)} <span class="status ${esc(c.topologyStatus)}">${esc(c.topologyStatus)}</span></h2>
      <h2>Tasks</h2><table id="tasks"><tr><th>task</th><th>host:port</th><th>emitted</th><th>transferred</th>${spout ? "" : "<th>executed</th>"}<th>acked</th><th>failed</th>${spout ? "<th>complete ms</th>" : "<th>execute ms</th><th>capacity</th>"}<th>queue</th><th>blocked</th><th>rate</th></tr>${rows}</table>
      <h2>Errors (last 10)</h2>${errors ? `<table id="errors"><tr><th>time</th><th>task</th><th>error</th></tr>${errors}</table>` : "<p class='muted'>none</p>"}
      ${metrics ? `<h2>User metrics</h2><table id="user-metrics">${metrics}</table>` : ""}`;
  });
}
function bars(spec, latest) {
  const top = [...latest.values()].filter(r => typeof r[spec.valueField] === "number")
    .sort((a, b) => b[spec.valueField] - a[spec.valueField]).slice(0, spec.top);
  const max = Math.max(1e-9, ...top.map(r => r[spec.valueField])), rowH = 22, w = 760;
  return `<svg class="chart" width="${w}" height="${top.length * rowH + 10}">${top.map((r, i) => {
    const len = Math.max(1, r[spec.valueField] / max * 420);
    return `<g data-bar="${esc(r[spec.keyField])}" transform="translate(0,${i * rowH + 4})"><text x="150" y="15" text-anchor="end">${esc(r[spec.keyField])}</text>` +
      `<rect x="158" y="2" width="${len.toFixed(1)}" height="16" fill="#1d6fb8"/><text x="${(164 + len).toFixed(1)}" y="15">${fmt(r[spec.valueField])}${spec.labelField ? " · " + esc(r[spec.labelField]) : ""}</text></g>`;
  }).join("")}</svg>`;
}
function series(spec, points) {
  if (points.length < 2) return "<p class='muted'>waiting for values…</p>";
  const xs = points.map(p => p.x), ys = points.map(p => p.y), w = 760, h = 240, pad = 40;
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(0, ...ys), Math.max(...ys)];
  const sx = x => pad + (x - x0) / Math.max(1e-9, x1 - x0) * (w - 2 * pad), sy = y => h - pad + (y0 - y) / Math.max(1e-9, y1 - y0) * (h - 2 * pad);
  return `<svg class="chart" width="${w}" height="${h}"><polyline class="spark" points="${points.map(p => sx(p.x).toFixed(1) + "," + sy(p.y).toFixed(1)).join(" ")}"/>` +
    `<text x="4" y="${pad}">${fmt(y1)}</text><text x="4" y="${h - pad}">${fmt(y0)}</text><text x="${w - pad}" y="${h - 8}" text-anchor="end" data-latest>${fmt(ys[ys.length - 1])}</text></svg>`;
}
async function viewPage(name) {
  const spec = (await fetch("/api/v1/views").then(r => r.json())).views.find(v => v.name === name);
  const main = document.getElementById("main");
  if (!spec) { main.innerHTML = `<p>No view ${esc(name)} in this process.</p>`; return; }
  crumbs(`› <a href="/topology.html?id=${enc(spec.topology)}">${esc(spec.topology)}</a> › ${esc(name)}`);
  const rows = [], latest = new Map(), points = [];
  let arrivals = 0, seen = 0;
  const source = new EventSource("/api/v1/views/" + enc(name) + "/stream");
  let pending = false;
  const render = () => {
    pending = false;
    let body = "";
    if (spec.chart === "top") body = bars(spec, latest);
    else if (spec.chart === "series") body = series(spec, points);
    else {
      const cols = spec.fields.length ? spec.fields : Object.keys(rows[0] || {});
      body = `<table id="rows"><tr>${cols.map(c => `<th>${esc(c)}</th>`).join("")}</tr>${rows.map(r => `<tr>${cols.map(c => `<td>${typeof r[c] === "object" ? esc(JSON.stringify(r[c])) : fmt(r[c])}</td>`).join("")}</tr>`).join("")}</table>`;
    }
    main.innerHTML = `<h2>${esc(name)} <span class="muted">${esc(spec.chart)} of ${esc(spec.component)} · <span data-counter="rows">${arrivals}</span> rows</span></h2>${body}`;
  };
  source.onmessage = e => {
    const r = JSON.parse(e.data);
    ++arrivals;
    rows.unshift(r);
    if (rows.length > 50) rows.pop();
    if (spec.chart === "top" && r[spec.keyField] !== undefined) {
      // a windowed aggregation's rows (window_end) replace the previous window's
      if (r.window_end !== undefined) for (const [k, old] of latest) if (old.window_end < r.window_end) latest.delete(k);
      latest.set(String(r[spec.keyField]), r);
    }
    if (spec.chart === "series" && typeof r[spec.valueField] === "number") {
      points.push({x: spec.timeField ? Number(r[spec.timeField]) : arrivals, y: r[spec.valueField]});
      if (points.length > HISTORY) points.shift();
    }
    if (frames > 0 && ++seen >= frames) source.close();
    if (!pending) { pending = true; setTimeout(render, 200); }
  };
  render();
}
fetch("/api/v1/ui/settings").then(r => r.json()).then(s => { settings = s; }).finally(() => {
  if (location.pathname === "/topology.html") topologyPage(params.get("id"));
  else if (location.pathname === "/component.html") componentPage(params.get("topology_id"), params.get("id"));
  else if (location.pathname === "/view.html") viewPage(params.get("name"));
  else indexPage();
});
</script></body></html>
)HTML";
  return page;
}

}  // namespace squall::web
