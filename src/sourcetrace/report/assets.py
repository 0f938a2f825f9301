"""The HTML report's style sheet and its one script (both allowed by hash in its CSP)."""

CSS = """
:root{--fg:#1b1f24;--mut:#5b6570;--bg:#fff;--card:#f7f8fa;--line:#d9dee3;
--a0:#ffe08a;--a1:#b5e3ff;--a2:#c9f2c0;--a3:#f7c9f0;--a4:#ffd2b3;--ev:#d0302f;
--un:#c0392b;--evs:#d68910;--at:#1e8449;--na:#8a939c}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;color:var(--fg);background:var(--bg)}
header.top,main{max-width:1200px;margin:0 auto;padding:0 14px}
h1{font-size:1.4rem;margin:14px 0 6px}h2{font-size:1.1rem;margin:18px 0 6px}
h4{margin:0 0 4px;font-size:.75rem;text-transform:uppercase;letter-spacing:.04em;color:var(--mut)}
dl.ov{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0;font-size:.9rem}
dl.ov dt{color:var(--mut)}dl.ov dd{margin:0;overflow-wrap:anywhere}
table{border-collapse:collapse;font-size:.9rem;margin:6px 0}
th,td{border-bottom:1px solid var(--line);padding:3px 8px;text-align:left;vertical-align:top}
td{text-align:right}td:first-child{text-align:left}caption{text-align:left;font-weight:600;padding:4px 0}
.summary{display:flex;flex-wrap:wrap;gap:8px 28px;align-items:flex-start}.scroll{overflow-x:auto;max-width:100%}
.timeline svg{width:100%;height:110px;background:var(--card);border:1px solid var(--line)}
.axis{display:flex;justify-content:space-between;font-size:.8rem;color:var(--mut)}
rect.s-unattributed{fill:var(--un)}rect.s-evasive{fill:var(--evs)}rect.s-attributed{fill:var(--at)}rect.s-none{fill:var(--na)}
.lg{display:inline-block;margin-right:12px;font-size:.8rem}.lg::before{content:"";display:inline-block;width:10px;height:10px;margin-right:4px;background:var(--na)}
.lg.s-unattributed::before{background:var(--un)}.lg.s-evasive::before{background:var(--evs)}.lg.s-attributed::before{background:var(--at)}
th.s-unattributed,.n-unattributed{color:var(--un)}th.s-evasive{color:var(--evs)}th.s-attributed{color:var(--at)}
button.acct{font:inherit;background:none;border:0;padding:0;color:#0b57d0;cursor:pointer;text-align:left;overflow-wrap:anywhere}
.hint{font-size:.8rem;color:var(--mut)}
form.filters{position:sticky;top:0;z-index:2;background:var(--bg);border-bottom:1px solid var(--line);padding:8px 0;margin:14px 0 10px;
display:flex;flex-wrap:wrap;gap:6px 12px;align-items:center;font-size:.85rem}
form.filters select,form.filters input{font:inherit;max-width:14em;padding:3px}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:10px 12px;margin:0 0 12px}
.card>header{display:flex;flex-wrap:wrap;gap:4px 10px;align-items:baseline;font-size:.9rem;margin-bottom:6px}
.who{font-weight:600}.tag{background:#e8ebef;border-radius:4px;padding:0 5px;font-size:.8rem}
.tag.state{background:#fde2e0;color:#8e1b12}time,.aid{color:var(--mut);font-size:.8rem}
.badges{display:flex;flex-wrap:wrap;gap:4px;margin:4px 0}
.b{border-radius:10px;padding:1px 8px;font-size:.78rem;background:#e8ebef}
.b.s-unattributed{background:var(--un);color:#fff}.b.s-evasive{background:var(--evs);color:#fff}
.b.s-attributed{background:var(--at);color:#fff}.b.warn,p.warn{color:#8e1b12}
.src{font-size:.85rem;margin:2px 0 6px;display:flex;flex-wrap:wrap;gap:4px 8px;align-items:baseline}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:10px}
.pair>div{background:var(--bg);border:1px solid var(--line);border-radius:6px;padding:8px;min-width:0}
.txt{margin:0;white-space:pre-wrap;overflow-wrap:anywhere;unicode-bidi:isolate}
mark{border-radius:2px;padding:0 1px;color:inherit}
mark.a0{background:var(--a0)}mark.a1{background:var(--a1)}mark.a2{background:var(--a2)}mark.a3{background:var(--a3)}mark.a4{background:var(--a4)}
mark.ev{background:none;outline:2px solid var(--ev);outline-offset:0}mark.a0.ev,mark.a1.ev,mark.a2.ev,mark.a3.ev,mark.a4.ev{outline:2px solid var(--ev)}
.gap,.na{color:var(--mut)}
.cc{display:inline-block;font:10px/1.2 ui-monospace,monospace;border:1px solid var(--ev);color:var(--ev);border-radius:3px;padding:0 2px;margin:0 1px;vertical-align:middle}
ul.evidence{margin:6px 0 0;padding-left:18px;font-size:.85rem}
.sig{font-size:.78rem;color:var(--mut);margin:6px 0 0}
details.more{margin-top:8px}details.more summary{cursor:pointer;font-size:.85rem;color:var(--mut)}
.match+.match,details .match{border-top:1px dashed var(--line);padding-top:8px;margin-top:8px}
[hidden]{display:none!important}
@media (max-width:700px){body{font-size:14px}th,td{padding:3px 5px}.pair{grid-template-columns:1fr}dl.ov{grid-template-columns:1fr}dl.ov dt{margin-top:4px}
form.filters select,form.filters input{max-width:100%}form.filters label{flex:1 1 45%}}
@media print{form.filters{display:none}.card{break-inside:avoid}}
"""

# The only script in the report (allowed by its hash in the CSP). It reads and toggles elements;
# it never writes markup (no innerHTML), so no text from the data can become code.
SCRIPT = """
(function () {
  "use strict";
  var form = document.querySelector("form.filters");
  var q = document.getElementById("q");
  var shown = document.getElementById("shown");
  var none = document.getElementById("none");
  var selects = Array.prototype.slice.call(document.querySelectorAll("select[data-filter]"));
  var cards = Array.prototype.slice.call(document.querySelectorAll("#cards > .card"));
  var texts = null;
  function apply() {
    var f = {};
    selects.forEach(function (s) { if (s.value !== "") { f[s.dataset.filter] = s.value; } });
    var needle = q.value.trim().toLowerCase();
    if (needle && texts === null) {
      texts = cards.map(function (c) { return c.textContent.toLowerCase(); });
    }
    var n = 0;
    cards.forEach(function (card, i) {
      // a card's data-outlet, data-type and data-attribution are its top match's
      var ok = ["account", "outlet", "type", "attribution"].every(function (k) {
        return !(k in f) || card.dataset[k] === f[k];
      });
      if (ok && needle) { ok = texts[i].indexOf(needle) !== -1; }
      card.hidden = !ok;
      if (ok) { n += 1; }
    });
    shown.textContent = String(n);
    none.hidden = n !== 0;
  }
  var timer = null;
  q.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(apply, 150); });
  selects.forEach(function (s) { s.addEventListener("change", apply); });
  form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
  document.addEventListener("click", function (e) {
    var b = e.target.closest ? e.target.closest("button.acct") : null;
    if (!b) { return; }
    selects.forEach(function (s) {
      if (s.dataset.filter === "account") { s.value = b.dataset.account; }
    });
    apply();
    form.scrollIntoView();
  });
})();
"""
