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
  .animal { font-size: 1.5rem; vertical-align: middle; margin-right: .4rem; }
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
const icons = { cat: "\u{1F431}", dog: "\u{1F436}" };
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
  li.innerHTML = '<span class="animal">' + (icons[ev.predicted] || "") + "</span>#" + ev.row + " " + ev.predicted + p +
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
