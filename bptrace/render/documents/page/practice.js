/* The live page, practice: every computed quantity an answer box; ✓ (right to the decimals
   asked), ✓ for an error carried forward, or ✗ with the mistake that reproduces the answer
   (the names check --expect --diagnose gives); hints one level at a time; the answers as the
   YAML file check --expect grades. Inside the page's function (page.js). */
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

