// The live page of WebViewBolt: plain HTML, CSS and JavaScript (no build step, no CDN), fed by
// an EventSource on /events.

#include <string>

#include "squall/web/web_view_bolt.hpp"

namespace squall::bolts {

namespace {

std::string escape_html(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

constexpr const char* kPage = R"PAGE(<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>@TITLE@</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; background: #fafafa; }
  h1 { font-size: 1.4rem; margin: 0 0 1rem; }
  #status { color: #888; font-size: .9rem; }
  .panels { display: flex; gap: 2rem; flex-wrap: wrap; }
  .panel { background: #fff; border: 1px solid #ddd; border-radius: 8px; padding: 1rem 1.2rem; }
  .big { font-size: 2.4rem; font-weight: 600; }
  table { border-collapse: collapse; }
  td, th { border: 1px solid #ddd; padding: .3rem .7rem; text-align: right; }
  th { background: #f0f0f0; }
  #feed { list-style: none; padding: 0; margin: 0; max-height: 60vh; overflow: auto; min-width: 22rem; }
  #feed li { padding: .25rem 0; border-bottom: 1px solid #eee; }
  #feed li.wrong { background: #fdecea; }
  .animal { vertical-align: middle; margin-right: .4rem; }
</style>
</head>
<body>
<h1>@TITLE@</h1>
<p id="status">connecting…</p>
<div class="panels">
  <div class="panel">
    <div>accuracy</div>
    <div class="big" id="accuracy">–</div>
    <div><span id="correct">0</span> of <span id="labelled">0</span> labelled rows; <span id="count">0</span> rows in all</div>
  </div>
  <div class="panel">
    <div>confusion matrix (rows: expected, columns: predicted)</div>
    <table id="matrix"></table>
  </div>
  <div class="panel">
    <div>latest rows</div>
    <ul id="feed"></ul>
  </div>
</div>
<script>
// Small drawings of our own: emoji need a colour emoji font, which servers and headless browsers
// often lack (the dog showed as a box).
const icons = {
  cat: '<svg class="animal" viewBox="0 0 32 32" width="26" height="26" aria-label="cat"><path d="M5 4l7 7h8l7-7v15a11 10 0 0 1-22 0z" fill="#f4a261" stroke="#6b3e1e"/>' +
       '<circle cx="12" cy="17" r="1.8" fill="#222"/><circle cx="20" cy="17" r="1.8" fill="#222"/><path d="M15 21h2l-1 1.2z" fill="#c44"/>' +
       '<path d="M4 20h7M4 23l7-1.5M28 20h-7M28 23l-7-1.5" stroke="#6b3e1e" stroke-width=".8"/></svg>',
  dog: '<svg class="animal" viewBox="0 0 32 32" width="26" height="26" aria-label="dog"><ellipse cx="16" cy="17" rx="10" ry="11" fill="#d9b382" stroke="#5a3d1e"/>' +
       '<ellipse cx="6" cy="14" rx="4" ry="8" fill="#8b5a2b" transform="rotate(15 6 14)"/><ellipse cx="26" cy="14" rx="4" ry="8" fill="#8b5a2b" transform="rotate(-15 26 14)"/>' +
       '<circle cx="12" cy="15" r="1.8" fill="#222"/><circle cx="20" cy="15" r="1.8" fill="#222"/><ellipse cx="16" cy="21" rx="3" ry="2.2" fill="#222"/>' +
       '<path d="M16 23v2.5M13.5 25.5q2.5 2 5 0" stroke="#222" fill="none"/></svg>',
};
const feed = document.getElementById("feed");
function renderMatrix(matrix) {
  const labels = [...new Set(Object.keys(matrix).concat(...Object.values(matrix).map(Object.keys)))].sort();
  let html = "<tr><th></th>" + labels.map(l => "<th>" + l + "</th>").join("") + "</tr>";
  for (const e of labels) {
    html += "<tr><th>" + e + "</th>" + labels.map(p => "<td>" + ((matrix[e] || {})[p] || 0) + "</td>").join("") + "</tr>";
  }
  document.getElementById("matrix").innerHTML = html;
}
function show(ev) {
  document.getElementById("count").textContent = ev.row;
  document.getElementById("labelled").textContent = ev.labelled;
  document.getElementById("correct").textContent = ev.correct;
  if (ev.labelled > 0) document.getElementById("accuracy").textContent = (100 * ev.accuracy).toFixed(1) + " %";
  renderMatrix(ev.matrix || {});
  const li = document.createElement("li");
  const wrong = ev.expected !== undefined && ev.expected !== ev.predicted;
  if (wrong) li.className = "wrong";
  const p = typeof ev.probability === "number" ? " (" + (100 * ev.probability).toFixed(1) + " %)" : "";
  li.innerHTML = (icons[ev.predicted] || "") + "#" + ev.row + " " + ev.predicted + p +
                 (ev.expected !== undefined ? (wrong ? " ✗ was " + ev.expected : " ✓") : "");
  feed.insertBefore(li, feed.firstChild);
  while (feed.children.length > 50) feed.removeChild(feed.lastChild);
}
const source = new EventSource("events");
source.onopen = () => { document.getElementById("status").textContent = "live"; };
source.onerror = () => { document.getElementById("status").textContent = "disconnected (the topology may have stopped)"; };
source.onmessage = (m) => show(JSON.parse(m.data));
</script>
</body>
</html>
)PAGE";

}  // namespace

std::string web_view_page(const std::string& title) {
  std::string page = kPage;
  const std::string marker = "@TITLE@", value = escape_html(title);
  for (auto pos = page.find(marker); pos != std::string::npos; pos = page.find(marker, pos + value.size()))
    page.replace(pos, marker.size(), value);
  return page;
}

}  // namespace squall::bolts
