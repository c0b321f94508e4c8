/* The live classroom page: the reveal (→ / ← / a), every given an editable field, every
   number, substituted formula and picture label recomputed by the engine (BPE) on an edit
   and marked; undo and the original numbers; the state in the address's fragment; practice
   (answer boxes, ✓ / ✗ with the mistake that gives the answer, hints, the answers as YAML);
   training on the page. Words come from the page's data (the word tables). */
(function () {
  "use strict";
  var root = document.currentScript.parentNode;
  var D = JSON.parse(root.querySelector(".bp-data").textContent);
  var W = D.words, M = D.model, digits = D.digits;
  var book = JSON.stringify(M), bookM = JSON.parse(book), undo = [], bookVals = null, res = null;
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
    var f = r.querySelector(".bp-f"); if (!f) return;
    var c = f.cloneNode(true); $(".bp-s,.bp-note", c).forEach(function (x) { x.remove(); });
    r._formula = c.innerHTML; r._hasNote = !!f.querySelector(".bp-note");
  });
  function valueOf(ref, v) {
    if (typeof ref === "number") return ref;
    if (ref === "lr") return M.lr;
    if (ref === "sumt") return M.t.reduce(function (a, b) { return a + b; }, 0);
    if (ref.indexOf("p:") === 0) return givens[ref.slice(2)].get(M);
    if (ref.indexOf("t:") === 0) return givens[ref.slice(2)].get(M);
    return v[ref];
  }
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
    if (!bookVals) bookVals = BPE.step(bookM).v;       // the config's own numbers
    allRows.forEach(function (r) {
      var k = r.dataset.key; if (!(k in v)) return;
      var cell = r.querySelector(".bp-v"), sub = substituted(k, v), s = r.querySelector(".bp-s");
      var text = fmt(v[k]), sub2 = sub == null ? null : " = " + sub;
      r.classList.toggle("bp-changed", !same(v[k], bookVals[k]));
      if (r._shown === text + "|" + sub2) return;     // only what changed is written (no relayout)
      r._shown = text + "|" + sub2;
      if (cell && !cell.querySelector("input")) cell.textContent = text;
      if (s && sub2 != null) s.textContent = sub2;
      var tp = r.querySelector("template");
      if (tp) tp.innerHTML = '<span class="bp-k">' + esc(k) + "</span> = " + (r._formula || "") +
        (sub ? " = " + esc(sub) : "") + " = <b>" + esc(text) + "</b>";
    });
    $("svg text[data-key]").forEach(function (t) {
      var k = t.getAttribute("data-key"), x = k in v ? v[k] : (givens[k] ? givens[k].get(M) :
        (k.indexOf("target.") === 0 ? givens[k.slice(7)].get(M) : null));
      if (x == null) return;
      var label = t.textContent.split(" = ")[0], want = label + " = " + fmt(x, 4);
      if (t.textContent !== want) t.textContent = want;
      t.setAttribute("data-value", String(x));
      var g = givens[k] || (k.indexOf("target.") === 0 ? givens[k.slice(7)] : null);
      t.classList.toggle("bp-changed", !same(x, k in v ? bookVals[k] : g.get(bookM)));
    });
    $("input[data-given]").forEach(function (f) {
      var g = givens[f.dataset.given], x = g.get(M);
      if (document.activeElement !== f) f.value = String(x);
      f.classList.toggle("bp-changed", !same(x, g.get(bookM)));
    });
    var ch = Object.keys(givens).filter(function (n) { return !same(givens[n].get(M), givens[n].get(bookM)); });
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
  button(w("reset"), "bp-reset", function () { undo.push(JSON.stringify(M)); M = JSON.parse(book); recompute(); });
  var practice = false, answers = {};
  var pbtn = button(w("practice"), "bp-practice", function () { setPractice(!practice); recompute(); });
  var changedNote = document.createElement("div"); changedNote.className = "bp-changed-note";
  var notes = document.createElement("div"); notes.className = "bp-notes"; notes.setAttribute("role", "status");
  var right = root.querySelector(".bp-right"); right.insertBefore(notes, right.firstChild); right.insertBefore(changedNote, right.firstChild);

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
      t.classList.toggle("bp-hidden", keys.indexOf(k) >= 0 && !revealed[k]);
      t.classList.toggle("bp-hl-cur", !!cur && k === cur.dataset.key);
      t.classList.toggle("bp-hl-op", !!cur && k !== cur.dataset.key && marks.indexOf(k) >= 0); });
    rects.forEach(function (e) { e.classList.toggle("bp-hl-node", nodes.indexOf(e.getAttribute("data-node")) >= 0); });
    lines.forEach(function (e) { e.classList.toggle("bp-hl-edge", edges.indexOf(e.getAttribute("data-edge")) >= 0); });
    if (count) count.textContent = n + " / " + rows.length;
    if (now) now.innerHTML = cur ? cur.querySelector("template").innerHTML : (all ? root.dataset.all : root.dataset.start);
  }
  function go(p) { all = false; pos = Math.max(0, Math.min(rows.length, p)); show(); writeHash(); }
  document.addEventListener("keydown", function (e) {
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

  // --- practice -----------------------------------------------------------------------------
  var variants = {};
  function decimals(text) { var m = /[.,。](\d+)/.exec(text); return m ? m[1].length : 0; }
  function agrees(ans, v, d) { return isFinite(v) && Math.abs(ans - v) <= 0.5 * Math.pow(10, -d) + 1e-12 * Math.abs(v); }
  function variantValues(mk) {
    if (variants[mk.id] !== undefined) return variants[mk.id];
    var m = JSON.parse(JSON.stringify(M)), how = mk.m || "", ok = true, L = m.layers, nL = L.length;
    function tr(ly) { var W = ly.W; if (W.length !== W[0].length || W.length < 2 || ly.edges.length !== W.length * W.length) return false;
      ly.W = W.map(function (r, j) { return r.map(function (x, k) { return W[k][j]; }); }); return JSON.stringify(ly.W) !== JSON.stringify(W); }
    if (how === "transposeHidden") ok = nL > 1 && L.slice(0, -1).map(tr).some(Boolean);
    else if (how === "transposeOutput") ok = tr(L[nL - 1]);
    else if (how.indexOf("loss:") === 0) { var p = how.split(":"); ok = p[2].split(",").indexOf(m.loss) >= 0; m.loss = p[1]; }
    else if (how === "biasesTrained") { ok = !m.train_biases && L.some(function (l) { return l.biases.length; }); m.train_biases = true; }
    else if (how === "biasesFrozen") { ok = m.train_biases && L.some(function (l) { return l.biases.length; }); m.train_biases = false; }
    else if (how === "sequential") { ok = m.update !== "sequential" && nL > 1 && m.lr != null; m.update = "sequential"; }
    else if (how === "swapInputs") { ok = m.x.length > 1 && m.x.join() !== m.x.slice().reverse().join(); m.x.reverse(); }
    else if (how === "swapTargets") { ok = m.t.length > 1 && m.t.join() !== m.t.slice().reverse().join(); m.t.reverse(); }
    var v = mk.v || {};
    if (v.firstPath || v.bp2Grad || v.netForOut || v.netPassedOn) ok = ok && nL > 1;
    if (v.firstPath) ok = ok && L[nL - 1].neurons.length > 1;
    if (v.doutFromNet) ok = ok && L.some(function (l) { return l.act === "sigmoid"; });
    if (v.noDout) ok = ok && L.some(function (l, i) { return l.act !== "softmax" && l.act !== "linear" &&
      (v.noDout === "all" || (v.noDout === "out") === (i === nL - 1)); });
    try { variants[mk.id] = ok ? BPE.step(m, v).v : null; } catch (e) { variants[mk.id] = null; }
    return variants[mk.id];
  }
  function carried(key, ans, d) {
    // the answer is right computed from the student's own earlier answers (error carried forward)
    var r = D.recipes[key], own = {}, any = false;
    if (!r || !r.s) return null;
    Object.keys(answers).forEach(function (k) { var x = readNumber(answers[k]); if (x !== null && k !== key) { own[k] = x; } });
    var vals = Object.assign({}, res.v);
    r.s.forEach(function (term) { term.forEach(function (ref) { if (typeof ref === "string" && own[ref] !== undefined && !agrees(own[ref], res.v[ref], decimals(answers[ref]))) { vals[ref] = own[ref]; any = true; } }); });
    if (!any) return null;
    var v = r.s.reduce(function (s, term) { return s + term.reduce(function (p, ref) { return p * valueOf(ref, vals); }, 1); }, 0);
    if (!agrees(ans, v, d)) return null;
    var k0 = r.s.map(function (t) { return t.filter(function (x) { return vals[x] !== res.v[x]; })[0]; }).filter(Boolean)[0];
    return { key: k0, v: answers[k0] };
  }
  function grade(r) {
    var key = r.dataset.key, f = r.querySelector("input.bp-answer"), out = r.querySelector(".bp-mark");
    if (!f || !out) return;
    var text = f.value.trim(); answers[key] = text;
    if (!text) { delete answers[key]; out.textContent = ""; out.className = "bp-mark"; return; }
    var ans = readNumber(text);
    if (ans === null) { out.textContent = "✗ " + w("not number", { text: text }); out.className = "bp-mark bp-bad"; return; }
    var d = Math.max(4, 0) , v = res.v[key];
    d = D.decimals || 4;
    if (agrees(ans, v, Math.min(d, Math.max(decimals(text), 1)))) { if (decimals(text) >= d || agrees(ans, v, d)) { out.textContent = "✓ " + w("right"); out.className = "bp-mark bp-ok"; return; } }
    var c = carried(key, ans, Math.min(d, decimals(text)));
    if (c) { out.textContent = "✓ " + w("carried", { key: c.key, v: c.v }); out.className = "bp-mark bp-ok"; return; }
    var found = null;
    for (var i = 0; i < D.mistakes.length && !found; i++) {
      var vv = variantValues(D.mistakes[i]);
      if (vv && key in vv && agrees(ans, vv[key], Math.min(d, decimals(text))) && !agrees(vv[key], v, Math.min(d, decimals(text)))) found = D.mistakes[i];
    }
    out.textContent = "✗ " + w("wrong") + (found ? " — " + found.name + ": " + found.why : " — " + w("no mistake"));
    out.className = "bp-mark bp-bad"; out.dataset.mistake = found ? found.id : "";
  }
  function setPractice(on) {
    practice = on; variants = {};
    root.classList.toggle("bp-practising", on);
    pbtn.textContent = on ? w("review") : w("practice");
    rows.forEach(function (r) {
      var cell = r.querySelector(".bp-v");
      if (on && !r.querySelector("input.bp-answer")) {
        var f = document.createElement("input"); f.className = "bp-answer"; f.setAttribute("inputmode", "decimal");
        f.setAttribute("aria-label", w("answer for", { key: r.dataset.key })); f.value = answers[r.dataset.key] || "";
        var mark = document.createElement("div"); mark.className = "bp-mark"; mark.setAttribute("aria-live", "polite");
        var hint = document.createElement("button"); hint.className = "bp-hint-b"; hint.textContent = w("hint"); hint.type = "button";
        var hl = document.createElement("div"); hl.className = "bp-hint"; var level = 0;
        hint.onclick = function () { level = Math.min(2, level + 1);
          var f0 = r._formula ? r._formula.replace(/<[^>]+>/g, "") : "";
          hl.textContent = w("hint formula", { key: r.dataset.key, f: f0.trim() }) +
            (level > 1 ? "  →  " + w("hint numbers", { key: r.dataset.key, s: substituted(r.dataset.key, res.v) || "" }) : ""); };
        f.addEventListener("change", function () { grade(r); writeHash(); });
        f.addEventListener("keydown", function (e) { e.stopPropagation(); if (e.key === "Enter") { grade(r); writeHash(); } });
        cell.textContent = ""; cell.appendChild(f); cell.appendChild(hint); cell.appendChild(mark); cell.appendChild(hl);
      } else if (!on && r.querySelector("input.bp-answer")) { cell.textContent = fmt(res.v[r.dataset.key]); r._shown = null; }
    });
    exportLink.hidden = !on;
  }
  var exportLink = document.createElement("a"); exportLink.className = "bp-export"; exportLink.textContent = w("export");
  exportLink.download = "answers.yaml"; exportLink.href = "#"; exportLink.hidden = true; bar.appendChild(exportLink);
  exportLink.addEventListener("click", function () {
    var lines = ["# " + w("your answer")];
    rows.forEach(function (r) { var k = r.dataset.key; if (answers[k]) lines.push(k + ": " + answers[k].replace(/[:#]/g, " ")); });
    exportLink.href = "data:text/yaml;charset=utf-8," + encodeURIComponent(lines.join("\n") + "\n");
  });

  // --- the fragment: NAME=V, practice, answer.KEY=V, train=N, the reveal's position --------
  var writing = false, trainN = 0;
  function writeHash() {
    if (writing) return;
    var items = [];
    if (!trainN) Object.keys(givens).forEach(function (n) { var x = givens[n].get(M); if (!same(x, givens[n].get(bookM))) items.push(encodeURIComponent(fragName(n)) + "=" + String(x)); });
    if (practice) items.push("practice");
    Object.keys(answers).forEach(function (k) { items.push("answer." + encodeURIComponent(k) + "=" + encodeURIComponent(answers[k])); });
    if (trainN) items.push("train=" + trainN);
    if (all) items.push("all"); else if (pos > 0 && !practice) items.push(encodeURIComponent(keys[pos - 1]));
    var h = "#" + items.join("&");
    if (location.hash !== h && !(h === "#" && !location.hash)) history.replaceState(null, "", h === "#" ? location.pathname + location.search : h);
  }
  function fromHash() {
    writing = true;
    var unknown = [], items = location.hash.slice(1).split("&").filter(Boolean), p = 0, ans = {}, prac = false, tn = 0;
    M = JSON.parse(book); all = false;
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
    if (prac !== practice) setPractice(prac);
    $("input.bp-answer").forEach(function (f) { f.value = answers[f.closest("tr").dataset.key] || ""; });
    recompute();
    writing = false;
    if (tn && trainer) trainer.run(tn);
    writeHash();
  }
  window.addEventListener("hashchange", function () { if (location.hash !== lastHash) fromHash(); });
  var lastHash = null, _rs = history.replaceState.bind(history);
  history.replaceState = function (a, b, h) { lastHash = h && h.charAt(0) === "#" ? h : ""; _rs(a, b, h); };

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
      curve.innerHTML = "<title>" + esc(w("loss after", { n: st.epoch, v: fmt(hs[hs.length - 1]) })) + '</title><rect x="20" y="10" width="370" height="170" class="bp-frame"/><polyline points="' + pts.join(" ") + '"/>';
      info.textContent = st.stopped === "diverged" ? w("diverged", { n: st.diverged }) :
        w("loss after", { n: st.epoch, v: fmt(hs[hs.length - 1]) }) + (st.stopped === "early stopping" ? " — " + w("stopped early", { n: st.epoch }) : "");
      if (regions) drawRegions();
    }
    function drawRegions() {
      var X = M.data.X, T = M.data.T, x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity, G = 24, out = ["<title>" + esc(w("regions")) + "</title>"];
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
      M = JSON.parse(book); st = null; paused = false; trainN = epochs; n.value = String(epochs); var base = JSON.parse(book);
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

  setPractice(false);
  root.classList.add("bp-live");
  fromHash();
})();
