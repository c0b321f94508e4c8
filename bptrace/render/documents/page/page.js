/* The live classroom page, first part: the reveal (→ / ← / a), every given an editable
 field, every number, substituted formula and picture label recomputed by the engine (BPE)
 on an edit and marked; undo and the original numbers; the state in the address's fragment.
 practice.js (answer boxes) and train.js (training on the page) follow it; the page puts
 the three, after engine.js, inside one function of the page's root element
 (render/documents/live.py), so two pages in one document (Jupyter's outputs) share nothing.
 Words come from the page's data (the word tables). */
var D = JSON.parse(root.querySelector(".bp-data").textContent);
var W = D.words, M = D.model, digits = D.digits;
// embedded (a Jupyter output): the state is kept here, not in the address, and the keys
// act while the page has the focus; a sheet: practice from the start, its blanks left blank
var embedded = !!D.embedded, sheet = D.mode === "sheet", kept = "";
var orig = JSON.stringify(M), origM = JSON.parse(orig), undo = [], origVals = null, res = null;
var $ = function (s, el) { return [].slice.call((el || root).querySelectorAll(s)); };
function w(k, a) { return (W[k] || k).replace(/\{(\w+)\}/g, function (_, n) { return a && a[n] != null ? a[n] : ""; }); }

// --- numbers as Python's "%.{d}g" writes them (render/text.py fmt, operand) ------------
function fmt(v, d) {
  if (v === null || v === undefined) return "—";
  if (!isFinite(v)) return isNaN(v) ? "nan" : (v > 0 ? "inf" : "−inf");
  if (v === 0) return "0";
  d = d || digits;
  var s = v.toExponential(d - 1), e = +s.split("e")[1];
  if (e < -4 || e >= d) {
    var m = s.split("e")[0]; if (m.indexOf(".") >= 0) m = m.replace(/0+$/, "").replace(/\.$/, "");
    return m + "e" + (e < 0 ? "-" : "+") + (Math.abs(e) < 10 ? "0" : "") + Math.abs(e);
  }
  var f = v.toFixed(Math.max(0, d - 1 - e));
  if (f.indexOf(".") >= 0) f = f.replace(/0+$/, "").replace(/\.$/, "");
  return f;
}
function operand(v, bound, enclosed) {
  var s = fmt(v); if (enclosed) return s;
  return s.charAt(0) === "-" || (bound && s.indexOf("e") >= 0) ? "(" + s + ")" : s;
}
function boundAt(t, i) {
  var slot = "{" + i + "}", at = t.indexOf(slot);
  while (at >= 0) { var end = at + slot.length;
    if ((end < t.length && "²^×·/".indexOf(t[end]) >= 0) || (at && "×·/^".indexOf(t[at - 1]) >= 0)) return true;
    at = t.indexOf(slot, end); }
  return false;
}

// --- the givens: parameters by name, inputs, targets (by output name), η ----------------
var givens = {};
M.inputs.forEach(function (n, k) { givens[n] = { key: "out." + n, get: function (m) { return m.x[k]; }, set: function (m, v) { m.x[k] = v; } }; });
var outs = M.layers[M.layers.length - 1].neurons;
outs.forEach(function (n, j) { givens[n] = { key: "target." + n, get: function (m) { return m.t[j]; }, set: function (m, v) { m.t[j] = v; } }; });
M.layers.forEach(function (ly, l) {
  ly.edges.forEach(function (e) { givens[e[2]] = { key: e[2], get: function (m) { return m.layers[l].W[e[0]][e[1]]; },
    set: function (m, v) { m.layers[l].W[e[0]][e[1]] = v; } }; });
  ly.biases.forEach(function (b, i) { givens[b] = { key: b, get: function (m) { return m.layers[l].b[i]; }, set: function (m, v) { m.layers[l].b[i] = v; } }; });
});
if (M.lr != null) givens.lr = { key: "lr", get: function (m) { return m.lr; }, set: function (m, v) { m.lr = v; } };
var OWN = { lr: 1, practice: 1, train: 1 };
function fragName(n) { return (OWN[n] || n.indexOf("answer.") === 0) && n !== "lr" ? "p." + n : n; }
function byFrag(n) { if (n.indexOf("p.") === 0 && givens[n.slice(2)]) return n.slice(2); return givens[n] && !(OWN[n] && n !== "lr" && n in OWN && !givens[n].key) ? n : null; }
function readNumber(text) {
  var s = String(text).trim().replace(/[０-９]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0xFEE0); })
    .replace(/[−–]/g, "-").replace(/^≈\s*/, "").replace(/(\d),(\d)/, "$1.$2").replace(/。(?=\d)/, ".");
  return /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s) ? parseFloat(s) : null;
}

// --- what the rows show ---------------------------------------------------------------
var rows = $("tr[data-step]").sort(function (a, b) { return a.dataset.step - b.dataset.step; });
var allRows = $("tr[data-key]"), keys = rows.map(function (r) { return r.dataset.key; });
allRows.forEach(function (r) {
  var f = r.querySelector(".bp-f");
  if (!f) { r._formula = r.dataset.formula ? esc(r.dataset.formula) : ""; return; }   // a sheet's blank
  var c = f.cloneNode(true); $(".bp-s,.bp-note", c).forEach(function (x) { x.remove(); });
  r._formula = c.innerHTML; r._hasNote = !!f.querySelector(".bp-note");
});
function valueOf(ref, v) {
  if (typeof ref === "number") return ref;
  if (ref === "lr") return M.lr;
  if (ref === "sumt") return M.t.reduce(function (a, b) { return a + b; }, 0);
  if (ref.indexOf("p:") === 0) return givens[ref.slice(2)].get(M);
  if (ref.indexOf("t:") === 0) return givens[ref.slice(2)].get(M);
  return shown(ref, v);
}
// float residue of an exact 0 (bptrace/trace/residue.py's rule, to first order): a sum no larger
// than the rounding its terms can leave (8 ulps of their size), a product or function of a
// residue that is no larger than it carries on; shown as 0, as Python shows it
var EPS = 2.220446049250313e-16, resid = {};
function residues(v) {
  resid = {};
  res.keys.forEach(function (k) {
    var r = D.recipes[k] || (k.indexOf("out.") === 0 && ("net." + k.slice(4)) in v ?
      { t: "f({0})", a: ["net." + k.slice(4)] } : null), x = v[k], size = 0, carried = 0;
    if (!r || x === 0 || !isFinite(x)) return;
    function val(ref) { return ref === "sjac" ? sjac(k, v) : typeof ref === "string" && ref in v ? v[ref] : valueOf(ref, v); }
    function isRes(ref) { return typeof ref === "string" && resid[ref]; }
    if (r.s) r.s.forEach(function (term) { var p = term.reduce(function (a, ref) { return a * val(ref); }, 1);
      size += Math.abs(p); if (term.some(isRes)) carried += Math.abs(p); });
    else { r.a.forEach(function (ref) { var a = Math.abs(val(ref)); if (isRes(ref)) carried += a; else if (/[−+-]/.test(r.t)) size += a; }); }
    if (Math.abs(x) <= 8 * EPS * size + 2 * carried) resid[k] = true;
  });
}
function shown(k, v) { return resid[k] ? 0 : v[k]; }
function substituted(key, v) {
  var r = D.recipes[key]; if (!r) return null;
  if (r.s) {
    var t = r.s.map(function (term) { return term.map(function (ref) { return operand(valueOf(ref, v), term.length > 1); }).join("×"); }).join(" + ");
    return (t || "0").replace(/\+ −/g, "− ").replace(/\+ -/g, "+ -");
  }
  return r.t.replace(/\{(\d)\}/g, function (_, i) {
    var ref = r.a[+i], x = ref === "sjac" ? sjac(key, v) : valueOf(ref, v);
    return operand(x, boundAt(r.t, i), r.t.indexOf("({" + i + "})") >= 0);
  });
}
function sjac(key, v) {    // Σ_k err.k·out.k over the softmax layer of the key's neuron
  var n = key.split(".")[1], ly = M.layers.filter(function (l) { return l.neurons.indexOf(n) >= 0; })[0];
  return ly.neurons.reduce(function (s, k) { return s + v["err." + k] * v["out." + k]; }, 0);
}
function same(a, b) { return a === b || Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b)); }
function esc(s) { return String(s).replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; }); }

function recompute() {
  res = BPE.step(M);
  var v = res.v;
  residues(v);
  if (!origVals) origVals = BPE.step(origM).v;       // the config's own numbers
  allRows.forEach(function (r) {
    if (r._key === undefined) { r._key = r.dataset.key; r._cell = r.querySelector(".bp-v"); r._s = r.querySelector(".bp-s"); }
    var k = r._key; if (!(k in v)) return;
    var cell = r._cell, sub = substituted(k, v), s = r._s;
    var text = fmt(shown(k, v)), sub2 = sub == null ? null : " = " + sub, changed = !same(v[k], origVals[k]);
    if (changed !== !!r._changed) { r._changed = changed; r.classList.toggle("bp-changed", changed); }
    if (r._shown === text + "|" + sub2) return;     // only what changed is written (no relayout)
    r._shown = text + "|" + sub2;
    if (cell && !cell.querySelector("input")) cell.textContent = text;
    if (s && sub2 != null) s.textContent = sub2;
    // the now line's text, written there when the row is the current one
    r._now = '<span class="bp-k">' + esc(k) + "</span> = " + (r._formula || "") +
      (sub ? " = " + esc(sub) : "") + " = <b>" + esc(text) + "</b>";
  });
  $("svg text[data-key]").forEach(function (t) {
    if (sheet && keys.indexOf(t.getAttribute("data-key")) >= 0) return;     // a blank stays a blank
    var k = t.getAttribute("data-key"), x = k in v ? shown(k, v) : (givens[k] ? givens[k].get(M) :
      (k.indexOf("target.") === 0 ? givens[k.slice(7)].get(M) : null));
    if (x == null) return;
    var eq = t.textContent.indexOf(" = "), want = t.textContent.slice(0, eq < 0 ? 0 : eq + 3) + fmt(x, 4);   // an unnamed weight: its number
    if (t.textContent !== want) t.textContent = want;
    t.setAttribute("data-value", String(x));
    var g = givens[k] || (k.indexOf("target.") === 0 ? givens[k.slice(7)] : null);
    t.classList.toggle("bp-changed", !same(x, k in v ? origVals[k] : g.get(origM)));
  });
  $("input[data-given]").forEach(function (f) {
    var g = givens[f.dataset.given], x = g.get(M);
    if (document.activeElement !== f) f.value = String(x);
    f.classList.toggle("bp-changed", !same(x, g.get(origM)));
  });
  var ch = Object.keys(givens).filter(function (n) { return !same(givens[n].get(M), givens[n].get(origM)); });
  changedNote.textContent = ch.length ? w("changed", { names: ch.join(", ") }) : "";
  if (practice) $("tr[data-step]").forEach(grade);
  show();
  writeHash();
}

// --- editing --------------------------------------------------------------------------
function setGiven(name, v, quiet) {
  if (!givens[name] || !isFinite(v)) return false;
  if (!quiet) undo.push(JSON.stringify(M));
  givens[name].set(M, v);
  return true;
}
function onField(f) {
  var v = readNumber(f.value);
  f.setAttribute("aria-invalid", v === null ? "true" : "false");
  if (v === null) return;
  if (!same(v, givens[f.dataset.given].get(M))) { setGiven(f.dataset.given, v); recompute(); }
}
$("input[data-given]").forEach(function (f) {
  f.addEventListener("change", function () { onField(f); });
  f.addEventListener("keydown", function (e) { e.stopPropagation(); if (e.key === "Enter") onField(f); });
});
// a given's label on the picture: click (or Enter) to edit it in place
$("svg text[data-key]").forEach(function (t) {
  var k = t.getAttribute("data-key"), name = givens[k] ? k : (k.indexOf("out.") === 0 || k.indexOf("target.") === 0 ? k.split(".")[1] : null);
  if (!name || !givens[name] || givens[name].key !== (givens[k] ? k : k)) { if (!(name && givens[name] && givens[name].key === k)) return; }
  t.classList.add("bp-given"); t.setAttribute("tabindex", "0"); t.setAttribute("role", "button");
  t.setAttribute("aria-label", w("edit", { name: name }));
  function open() {
    var box = t.getBoundingClientRect(), f = document.createElement("input");
    f.className = "bp-over"; f.value = String(givens[name].get(M)); f.setAttribute("aria-label", w("edit", { name: name }));
    f.style.left = (box.left + window.scrollX - 10) + "px"; f.style.top = (box.top + window.scrollY - 4) + "px";
    document.body.appendChild(f); f.focus(); f.select();
    function done(keep) { if (keep) { var v = readNumber(f.value); if (v !== null && !same(v, givens[name].get(M))) { setGiven(name, v); recompute(); } }
      f.remove(); t.focus(); }
    f.addEventListener("keydown", function (e) { e.stopPropagation(); if (e.key === "Enter") done(true); if (e.key === "Escape") done(false); });
    f.addEventListener("blur", function () { if (f.parentNode) done(true); });
  }
  t.addEventListener("click", open);
  t.addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); e.stopPropagation(); open(); } });
});

// --- the tool bar -----------------------------------------------------------------------
var bar = root.querySelector(".bp-bar");
function button(label, cls, fn) { var b = document.createElement("button"); b.textContent = label; b.className = cls; b.onclick = fn; bar.appendChild(b); return b; }
button(w("undo"), "bp-undo", function () { if (undo.length) { M = JSON.parse(undo.pop()); recompute(); } });
button(w("reset"), "bp-reset", function () { undo.push(JSON.stringify(M)); M = JSON.parse(orig); recompute(); });
var practice = false, answers = {};
var pbtn = button(w("practice"), "bp-practice", function () { setPractice(!practice); recompute(); });
var changedNote = document.createElement("div"); changedNote.className = "bp-changed-note";
var notes = document.createElement("div"); notes.className = "bp-notes"; notes.setAttribute("role", "status");
var right = root.querySelector(".bp-right"); right.insertBefore(notes, right.firstChild); right.insertBefore(changedNote, right.firstChild);
// the picture, its smallest text at 16 px, wider than its box or taller than the screen (a
// phone, a big net): a button at its corner shows it whole (and back)
var pic = root.querySelector(".bp-pic"), svg = pic && pic.querySelector("svg"), zbtn = document.createElement("button");
zbtn.className = "bp-zoom"; zbtn.textContent = w("fit"); zbtn.hidden = true;
zbtn.onclick = function () { zbtn.textContent = w(pic.classList.toggle("bp-fit") ? "zoom" : "fit"); };
if (pic) pic.parentNode.insertBefore(zbtn, pic);
function zoomable() {
  var r = svg && svg.getBoundingClientRect();
  zbtn.hidden = !r || !(pic.classList.contains("bp-fit") || r.width > pic.clientWidth + 1 || r.height > window.innerHeight - 150);
}
window.addEventListener("resize", zoomable);
// the current number, on a picture that does not show whole, brought into sight (while the
// picture is on the screen: the reader who is at the tables stays there)
function intoSight(el) {
  var b = pic.getBoundingClientRect(), r = el.getBoundingClientRect(), head = root.querySelector("header");
  var top = head ? head.getBoundingClientRect().bottom : 0, bottom = window.innerHeight - (now ? now.offsetHeight : 0);
  if (b.bottom < top || b.top > bottom) return;
  if (r.left < b.left || r.right > b.right) pic.scrollLeft += (r.left + r.right - b.left - b.right) / 2;
  if (!embedded && (r.top < top || r.bottom > bottom)) window.scrollBy(0, (r.top + r.bottom - top - bottom) / 2);
}

// --- the reveal (render/html_static.py's, with the fragment shared) --------------------
var texts = $("svg text[data-key]"), rects = $("svg rect[data-node]"), lines = $("svg line[data-edge]");
var now = root.querySelector(".bp-now"), count = root.querySelector(".bp-count"), pos = 0, all = false;
function list(r, a) { return r && r.dataset[a] ? r.dataset[a].split(" ") : []; }
function show() {
  var n = all || practice ? rows.length : pos, cur = all || practice ? null : rows[pos - 1], revealed = {};
  rows.forEach(function (r, i) { r.dataset.state = i < n ? (r === cur ? "current" : "shown") : "pending";
    r.classList.remove("bp-op"); if (i < n && !practice) revealed[r.dataset.key] = 1; });
  var ops = list(cur, "ops"), marks = list(cur, "marks"), nodes = list(cur, "nodes"), edges = list(cur, "edges");
  rows.forEach(function (r) { if (r !== cur && ops.indexOf(r.dataset.key) >= 0 && r.dataset.state !== "pending") r.classList.add("bp-op"); });
  texts.forEach(function (t) { var k = t.getAttribute("data-key");
    t.classList.toggle("bp-hidden", !sheet && keys.indexOf(k) >= 0 && !revealed[k]);
    t.classList.toggle("bp-hl-cur", !!cur && k === cur.dataset.key);
    t.classList.toggle("bp-hl-op", !!cur && k !== cur.dataset.key && marks.indexOf(k) >= 0); });
  rects.forEach(function (e) { e.classList.toggle("bp-hl-node", nodes.indexOf(e.getAttribute("data-node")) >= 0); });
  lines.forEach(function (e) { e.classList.toggle("bp-hl-edge", edges.indexOf(e.getAttribute("data-edge")) >= 0); });
  if (count) count.textContent = n + " / " + rows.length;
  if (now) now.innerHTML = cur ? cur._now || cur.querySelector("template").innerHTML : (all ? root.dataset.all : root.dataset.start);
  var hl = cur && svg && svg.querySelector(".bp-hl-cur");
  if (hl) intoSight(hl);
}
function go(p) { all = false; pos = Math.max(0, Math.min(rows.length, p)); show(); writeHash(); }
if (embedded) root.setAttribute("tabindex", "0");
(embedded ? root : document).addEventListener("keydown", function (e) {
  if (e.altKey || e.ctrlKey || e.metaKey || /INPUT|TEXTAREA|BUTTON/.test(e.target.tagName)) return;
  var k = e.key;
  if (k === "ArrowRight" || k === " " || k === "PageDown" || k === "n") go((all ? rows.length : pos) + 1);
  else if (k === "ArrowLeft" || k === "PageUp" || k === "Backspace" || k === "p") go((all ? rows.length : pos) - 1);
  else if (k === "a" || k === "A") { all = !all; show(); writeHash(); }
  else if (k === "Home") go(0); else if (k === "End") go(rows.length);
  else if (k === "z" && undo.length) { M = JSON.parse(undo.pop()); recompute(); }
  else return;
  e.preventDefault();
});
root.querySelector(".bp-next").onclick = function () { go((all ? rows.length : pos) + 1); };
root.querySelector(".bp-back").onclick = function () { go((all ? rows.length : pos) - 1); };
root.querySelector(".bp-all").onclick = function () { all = !all; show(); writeHash(); };

// --- the fragment: NAME=V, practice, answer.KEY=V, train=N, the reveal's position --------
var writing = false, trainN = 0;
function writeHash() {
  if (writing) return;
  var items = [];
  if (!trainN) Object.keys(givens).forEach(function (n) { var x = givens[n].get(M); if (!same(x, givens[n].get(origM))) items.push(encodeURIComponent(fragName(n)) + "=" + String(x)); });
  if (practice && !sheet) items.push("practice");
  Object.keys(answers).forEach(function (k) { items.push("answer." + encodeURIComponent(k) + "=" + encodeURIComponent(answers[k])); });
  if (trainN) items.push("train=" + trainN);
  if (all) items.push("all"); else if (pos > 0 && !practice) items.push(encodeURIComponent(keys[pos - 1]));
  var h = "#" + items.join("&");
  if (embedded) { kept = h; return; }
  if (location.hash !== h && !(h === "#" && !location.hash)) {
    lastHash = h === "#" ? "" : h;
    history.replaceState(null, "", h === "#" ? location.pathname + location.search : h);
  }
}
function fromHash() {
  writing = true;
  var unknown = [], items = (embedded ? kept : location.hash).slice(1).split("&").filter(Boolean), p = 0, ans = {}, prac = false, tn = 0;
  M = JSON.parse(orig); all = false;
  items.forEach(function (it) {
    var eq = it.indexOf("="), name = decodeURIComponent(eq < 0 ? it : it.slice(0, eq)), val = eq < 0 ? null : decodeURIComponent(it.slice(eq + 1));
    if (val === null) {
      if (name === "practice") prac = true; else if (name === "all") all = true;
      else if (keys.indexOf(name) >= 0) p = keys.indexOf(name) + 1; else if (name !== "start") unknown.push(name);
    } else if (name.indexOf("answer.") === 0 && keys.indexOf(name.slice(7)) >= 0) ans[name.slice(7)] = val;
    else if (name === "train" && M.data && /^\d+$/.test(val)) tn = +val;
    else { var g = byFrag(name), x = readNumber(val); if (g && x !== null) setGiven(g, x, true); else unknown.push(it); }
  });
  notes.textContent = unknown.length ? w("unknown", { items: unknown.join(", ") }) : "";
  answers = ans; pos = p; undo = [];
  if ((prac || sheet) !== practice) setPractice(prac || sheet);
  $("input.bp-answer").forEach(function (f) { f.value = answers[f.closest("tr").dataset.key] || ""; });
  recompute();
  writing = false;
  if (tn && trainer) trainer.run(tn);
  writeHash();
}
var lastHash = null;
if (!embedded) window.addEventListener("hashchange", function () { if (location.hash !== lastHash) fromHash(); });

function start() {
  setPractice(false);
  if (sheet) pbtn.hidden = true;
  root.classList.add("bp-live");
  root.BPE = BPE;           // for the tests and the bench: the page's own engine
  fromHash();
  zoomable();
}

