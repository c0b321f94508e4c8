/* The live page, training (a config with data:): epochs in chunks, the loss curve and, for
   two inputs, the decision regions; paused, the current parameters' step in every table.
   Inside the page's function (page.js). */
// --- training on the page (a config with data:) -------------------------------------------
var trainer = M.data ? makeTrainer() : null;
function newSvg() { var d = document.createElement("div"); d.innerHTML = "<svg></svg>"; return d.firstChild; }
function makeTrainer() {
  var box = document.createElement("section"); box.className = "bp-train";
  var h = document.createElement("h2"); h.textContent = w("train"); box.appendChild(h);
  var n = document.createElement("input"); n.type = "number"; n.min = "1"; n.value = "100"; n.className = "bp-epochs";
  var lab = document.createElement("label"); lab.textContent = w("epochs") + " "; lab.appendChild(n); box.appendChild(lab);
  var go = document.createElement("button"); go.textContent = w("train"); go.className = "bp-train-go"; box.appendChild(go);
  var stop = document.createElement("button"); stop.textContent = w("pause"); stop.className = "bp-train-pause"; box.appendChild(stop);
  var info = document.createElement("p"); info.className = "bp-train-info"; info.setAttribute("aria-live", "polite"); box.appendChild(info);
  var tn = M.train || {};
  var note = document.createElement("p"); note.className = "bp-note";
  note.textContent = (tn.shuffle ? w("data order") + " " : "") + (tn.dropout ? w("dropout") : ""); box.appendChild(note);
  var curve = newSvg(); curve.setAttribute("viewBox", "0 0 400 200"); curve.setAttribute("class", "bp-loss");
  curve.setAttribute("role", "img"); curve.setAttribute("aria-label", w("loss after", { n: "", v: "" }));
  box.appendChild(curve);
  var regions = M.inputs.length === 2 ? newSvg() : null;
  if (regions) { regions.setAttribute("viewBox", "0 0 200 200"); regions.setAttribute("class", "bp-regions"); regions.setAttribute("role", "img");
    regions.setAttribute("aria-label", w("regions")); var cap = document.createElement("p"); cap.textContent = w("regions"); box.appendChild(cap); box.appendChild(regions); }
  right.insertBefore(box, right.children[2] || null);
  var st = null, paused = false, timer = null, start = null;
  function draw() {
    var hs = st.history, lo = Infinity, hi = -Infinity;
    hs.forEach(function (v) { var y = Math.log(Math.max(v, 1e-300)); lo = Math.min(lo, y); hi = Math.max(hi, y); });
    if (hi === lo) hi = lo + 1;
    var pts = hs.map(function (v, i) { return (20 + 370 * (hs.length > 1 ? i / (hs.length - 1) : 0)).toFixed(1) + "," + (10 + 170 * (hi - Math.log(Math.max(v, 1e-300))) / (hi - lo)).toFixed(1); });
    var lows = hs.filter(isFinite);
    curve.innerHTML = "<title>" + esc(w("loss after", { n: st.epoch, v: fmt(hs[hs.length - 1]) })) + "</title><desc>" +
        esc(w("loss desc", { n: hs.length, lo: fmt(Math.min.apply(null, lows), 4), hi: fmt(Math.max.apply(null, lows), 4) })) + '</desc><rect x="20" y="10" width="370" height="170" class="bp-frame"/><polyline points="' + pts.join(" ") + '"/>';
    info.textContent = st.stopped === "diverged" ? w("diverged", { n: st.diverged }) :
      w("loss after", { n: st.epoch, v: fmt(hs[hs.length - 1]) }) + (st.stopped === "early stopping" ? " — " + w("stopped early", { n: st.epoch }) : "");
    if (regions) drawRegions();
  }
  function drawRegions() {
    var X = M.data.X, T = M.data.T, x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity, G = 24, out = ["<title>" + esc(w("regions")) + "</title><desc>" + esc(w("regions desc")) + "</desc>"];
    X.forEach(function (p) { x0 = Math.min(x0, p[0]); x1 = Math.max(x1, p[0]); y0 = Math.min(y0, p[1]); y1 = Math.max(y1, p[1]); });
    var px = (x1 - x0) * 0.1 || 1, py = (y1 - y0) * 0.1 || 1; x0 -= px; x1 += px; y0 -= py; y1 += py;
    function cls(o) { if (o.length === 1) return o[0] > 0.5 ? 1 : 0; var b = 0; o.forEach(function (v, i) { if (v > o[b]) b = i; }); return b; }
    for (var i = 0; i < G; i++) for (var j = 0; j < G; j++) {
      var o = BPE.predict(M, st.W, st.B, [x0 + (i + 0.5) * (x1 - x0) / G, y1 - (j + 0.5) * (y1 - y0) / G]);
      out.push('<rect class="bp-c' + (cls(o) % 4) + '" x="' + (i * 200 / G).toFixed(2) + '" y="' + (j * 200 / G).toFixed(2) + '" width="' + (200 / G + 0.3).toFixed(2) + '" height="' + (200 / G + 0.3).toFixed(2) + '"/>');
    }
    var marks = ["○", "×", "△", "□"];
    X.forEach(function (p, s) { var c = cls(T[s]) % 4;
      out.push('<text class="bp-m' + c + '" x="' + ((p[0] - x0) / (x1 - x0) * 200).toFixed(1) + '" y="' + ((y1 - p[1]) / (y1 - y0) * 200 + 5).toFixed(1) + '" text-anchor="middle">' + marks[c] + "</text>"); });
    regions.innerHTML = out.join("");
  }
  function showStep() {      // paused: the current parameters' step, every table
    M.layers.forEach(function (ly, l) { ly.W = st.W[l].map(function (r) { return r.slice(); }); ly.b = st.B[l].slice(); });
    recompute();
  }
  function run(epochs) {
    if (timer) clearTimeout(timer);
    M = JSON.parse(orig); st = null; paused = false; trainN = epochs; n.value = String(epochs); var base = JSON.parse(orig);
    var chunk = function () {
      var k = Math.min(50, epochs - (st ? st.epoch : 0));
      st = BPE.train(base, k, null, st);
      draw();
      if (!paused && st.epoch < epochs && !st.stopped) timer = setTimeout(chunk, 0);
      else { timer = null; showStep(); }
    };
    chunk();
  }
  go.onclick = function () { run(Math.max(1, parseInt(n.value, 10) || 100)); };
  stop.onclick = function () { paused = true; if (timer) { clearTimeout(timer); timer = null; showStep(); } };
  return { run: run, state: function () { return st; } };
}

