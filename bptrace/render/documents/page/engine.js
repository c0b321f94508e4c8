/* bptrace's maths for the live page: forward, chain-rule backward, update and training, the
   same float64 operations as the Python engine (bptrace/network.py, training.py,
   optimizers.py), on the page's model (bptrace/render/documents/live.py writes it). Plain
   JavaScript, no library; under Node it is a module (the tests), in a page a global BPE.
   Nothing here touches the page or holds a word. */
var BPE = (function () {
  "use strict";
  var abs = Math.abs, exp = Math.exp, log = Math.log, log1p = Math.log1p, sqrt = Math.sqrt;

  function sig(z) { var e = exp(-abs(z)); return (z >= 0 ? 1 : e) / (1 + e); }
  function softplus(z) { return Math.max(z, 0) + log1p(exp(-abs(z))); }
  // elementwise activations: [f(z), f'(z, a)]
  function act(name, slope) {
    switch (name) {
      case "sigmoid": return [sig, function (z, a) { return a * (1 - a); }];
      case "tanh": return [Math.tanh, function (z, a) { return 1 - a * a; }];
      case "relu": return [function (z) { return z > 0 ? z : 0; }, function (z) { return z > 0 ? 1 : 0; }];
      case "leaky_relu": return [function (z) { return z > 0 ? z : slope * z; },
                                 function (z) { return z > 0 ? 1 : slope; }];
      case "softsign": return [function (z) { return z / (1 + abs(z)); },
                               function (z) { var q = 1 + abs(z); return 1 / (q * q); }];
      case "softplus": return [function (z) { return log1p(exp(-abs(z))) + Math.max(z, 0); },
                               function (z) { return sig(z); }];
      case "linear": return [function (z) { return z; }, function () { return 1; }];
    }
    return null;        // softmax: not elementwise
  }
  function softmax(z) {
    var m = -Infinity, s = 0, out = new Array(z.length), i;
    for (i = 0; i < z.length; i++) if (z[i] > m) m = z[i];
    for (i = 0; i < z.length; i++) { out[i] = exp(z[i] - m); s += out[i]; }
    for (i = 0; i < z.length; i++) out[i] /= s;
    return out;
  }
  function logSoftmax(z) {
    var m = -Infinity, s = 0, i, out = [];
    for (i = 0; i < z.length; i++) if (z[i] > m) m = z[i];
    for (i = 0; i < z.length; i++) s += exp(z[i] - m);
    var ls = log(s);
    for (i = 0; i < z.length; i++) out.push(z[i] - m - ls);
    return out;
  }
  function xlogy(x, y) { return x === 0 ? 0 : x * log(y); }
  function sum(v) { var s = 0; for (var i = 0; i < v.length; i++) s += v[i]; return s; }
  function map2(a, b, f) { var o = []; for (var i = 0; i < a.length; i++) o.push(f(a[i], b[i], i)); return o; }

  // losses: parts(y, t) (null: does not split), value(y, t), grad(y, t) = ∂E/∂y
  function loss(name) {
    var n;
    switch (name) {
      case "half_sse": return { parts: function (y, t) { return map2(y, t, function (a, b) { return 0.5 * ((b - a) * (b - a)); }); },
        grad: function (y, t) { return map2(y, t, function (a, b) { return a - b; }); } };
      case "sse": return { parts: function (y, t) { return map2(y, t, function (a, b) { return (b - a) * (b - a); }); },
        grad: function (y, t) { return map2(y, t, function (a, b) { return 2 * (a - b); }); } };
      case "mse": return { parts: function (y, t) { n = y.length; return map2(y, t, function (a, b) { return (b - a) * (b - a) / n; }); },
        grad: function (y, t) { n = y.length; return map2(y, t, function (a, b) { return 2 * (a - b) / n; }); } };
      case "cross_entropy": return { parts: function (y, t) { return map2(y, t, function (a, b) { return -xlogy(b, a); }); },
        grad: function (y, t) { return map2(y, t, function (a, b) { return b === 0 ? 0 : -b / a; }); } };
      case "binary_cross_entropy": return {
        parts: function (y, t) { return map2(y, t, function (a, b) { return -(xlogy(b, a) + xlogy(1 - b, 1 - a)); }); },
        grad: function (y, t) { return map2(y, t, function (a, b) { return (a - b) / (a * (1 - a)); }); } };
      case "kl_divergence": return { parts: function (y, t) { return map2(y, t, function (a, b) { return xlogy(b, b) - xlogy(b, a); }); },
        grad: function (y, t) { return map2(y, t, function (a, b) { return b === 0 ? 0 : -b / a; }); } };
      case "logcosh": return {
        parts: function (y, t) { return map2(y, t, function (a, b) { var x = abs(a - b); return x + log1p(exp(-2 * x)) - log(2); }); },
        grad: function (y, t) { return map2(y, t, function (a, b) { return Math.tanh(a - b); }); } };
      case "cosine": return { parts: null,
        value: function (y, t) { var c = cos(y, t); return 1 - c[0] / (c[1] * c[2]); },
        grad: function (y, t) { var c = cos(y, t);
          return map2(y, t, function (a, b) { return -(b / (c[1] * c[2]) - c[0] * a / (Math.pow(c[1], 3) * c[2])); }); } };
    }
    throw new Error("unknown loss " + name);
  }
  function cos(y, t) {
    var d = 0, ny = 0, nt = 0;
    for (var i = 0; i < y.length; i++) { d += y[i] * t[i]; ny += y[i] * y[i]; nt += t[i] * t[i]; }
    return [d, sqrt(ny), sqrt(nt)];
  }
  // the loss in the output layer's logits z, where one exists (finite where y saturates)
  function stable(lossName, actName) {
    if (lossName === "binary_cross_entropy" && actName === "sigmoid") return {
      parts: function (z, y, t) { return map2(z, t, function (a, b) { return softplus(a) - b * a; }); },
      grad: function (z, y, t) { return map2(z, t, function (a, b, i) { return y[i] === b ? 0 : (y[i] - b) * (2 + exp(a) + exp(-a)); }); },
      delta: function (z, y, t) { return map2(y, t, function (a, b) { return a - b; }); } };
    if (lossName === "cross_entropy" && actName === "softmax") return {
      parts: function (z, y, t) { var ls = logSoftmax(z); return map2(ls, t, function (a, b) { return b === 0 ? 0 : -b * a; }); },
      grad: function (z, y, t) { var ls = logSoftmax(z); return map2(ls, t, function (a, b) { return b === 0 ? 0 : -b * exp(-a); }); } };
    return null;
  }

  // round half away from zero to d decimals, as a calculator does (convention.hand_round)
  function handRound(x, d) {
    if (!isFinite(x)) return x;
    var f = Math.pow(10, d), a = abs(x) * f, r = Math.floor(a + 0.5) / f;
    if (abs(a - Math.floor(a) - 0.5) < 1e-6) r = Number((Math.round(Number(abs(x).toPrecision(15) + "e" + d)) + "e-" + d));
    return x < 0 ? -r : (x === 0 ? 0 : r);
  }

  /* The model's layers with their functions looked up once: L[l] = {n, m, W (rows), b, of,
     sign, f, d, soft, edges, mask}. ``v`` (a variant, for practice mistakes) may change the
     functions. */
  function prepare(model, v) {
    v = v || {};
    var L = model.layers.map(function (ly, l) {
      var fd = act(ly.act, ly.slope), last = l === model.layers.length - 1;
      var f = fd && fd[0], d = fd && fd[1], plain = fd && ly.act !== "linear";
      if (fd && v.doutFromNet && ly.act === "sigmoid") d = function (z) { return z * (1 - z); };
      if (plain && (v.noDout === "all" || (v.noDout === "out" && last) || (v.noDout === "hidden" && !last)))
        d = function () { return 1; };
      if (plain && v.netPassedOn && !last) { var f0 = f, d0 = d; f = function (z) { return z; };
        d = function (z) { return d0(z, f0(z)); }; }
      return { n: ly.neurons.length, m: l === 0 ? model.inputs.length : model.layers[l - 1].neurons.length,
               f: f, d: d, soft: !fd, sign: ly.threshold ? -1 : 1, of: ly.of, edges: ly.edges, nb: ly.biases.length };
    });
    var outAct = model.layers[model.layers.length - 1].act;
    return { L: L, loss: loss(v.loss || model.loss), flip: !!v.signFlip,
             stable: v.signFlip ? null : stable(v.loss || model.loss, outAct),
             fused: !v.signFlip && (v.loss || model.loss) === "cross_entropy" && outAct === "softmax",
             seq: model.update === "sequential", v: v };
  }

  function biasVec(ly, b) {
    var out = [];
    for (var j = 0; j < ly.n; j++) out.push(ly.of[j] >= 0 ? ly.sign * b[ly.of[j]] : 0);
    return out;
  }
  function forward(P, W, B, x, rnd) {
    var out = [x.slice()], net = [];
    for (var l = 0; l < P.L.length; l++) {
      var ly = P.L[l], a = out[l], z = [], j, k, s;
      var bv = ly.nb ? biasVec(ly, B[l]) : null;
      for (j = 0; j < ly.n; j++) {
        s = 0;
        for (k = 0; k < ly.m; k++) s += a[k] * W[l][j][k];
        if (bv) s += bv[j];
        z.push(rnd(s));
      }
      net.push(z);
      out.push(ly.soft ? softmax(z).map(rnd) : z.map(function (q) { return rnd(ly.f(q)); }));
    }
    return [net, out];
  }
  function lossOf(P, z, y, t, rnd) {
    var parts = null, total;
    if (P.loss.parts) {
      parts = (P.stable && !P.v.round ? P.stable.parts(z, y, t) : P.loss.parts(y, t)).map(rnd);
      total = rnd(sum(parts));
    } else total = rnd(P.loss.value(y, t));
    return [parts, total];
  }

  /* One forward and backward pass (network.py's run): net, out, parts, loss, err, dout, delta,
     gw (per layer, n × m), gb, wb (the weights BP2 used). Errors in the gradient's sign. */
  function run(P, W, B, x, t, lr) {
    var v = P.v, rnd = v.round != null ? function (q) { return handRound(q, v.round); } : function (q) { return q; };
    var fo = forward(P, W, B, x, rnd), net = fo[0], out = fo[1], nL = P.L.length;
    var y = out[nL], err = [], dout = [], delta = [], gw = [], gb = [], wb = [];
    var st = v.round != null ? null : P.stable;
    err[nL - 1] = (st ? st.grad(net[nL - 1], y, t) : P.loss.grad(y, t)).map(rnd);
    if (P.flip) err[nL - 1] = err[nL - 1].map(function (q) { return -q; });
    for (var l = nL - 1; l >= 0; l--) {
      var ly = P.L[l], a = out[l + 1], e = err[l], j, k, dl;
      if (!ly.soft) dout[l] = a.map(function (q, i) { return rnd(ly.d(net[l][i], q)); });
      if (l === nL - 1 && P.fused) { var ts = sum(t); dl = y.map(function (q, i) { return rnd(q * ts - t[i]); }); }
      else if (l === nL - 1 && st && st.delta) dl = st.delta(net[l], y, t);
      else if (!ly.soft) dl = e.map(function (q, i) { return rnd(q * dout[l][i]); });
      else { var s = 0; for (j = 0; j < a.length; j++) s += e[j] * a[j];
        dl = a.map(function (q, i) { return rnd(q * (e[i] - s)); }); }
      delta[l] = dl;
      var below = v.netForOut && l > 0 ? net[l - 1] : out[l], g = [];
      for (j = 0; j < ly.n; j++) { g.push(new Array(ly.m).fill(0)); }
      for (var i = 0; i < ly.edges.length; i++) { j = ly.edges[i][0]; k = ly.edges[i][1]; g[j][k] = rnd(dl[j] * below[k]); }
      gw[l] = g;
      var gbl = new Array(ly.nb).fill(0);
      for (j = 0; j < ly.n; j++) if (ly.of[j] >= 0) gbl[ly.of[j]] += dl[j];
      gb[l] = gbl.map(function (q) { return rnd(ly.sign * (q + 0)); });
      var Wb = W[l];
      if (P.seq) Wb = W[l].map(function (row, j) { return row.map(function (w, k) { return rnd(w - lr * (g[j][k] * 1)); }); });
      wb[l] = Wb;
      if (l > 0) {
        var ep = [];
        for (k = 0; k < ly.m; k++) {
          if (v.firstPath) { ep.push(rnd(dl[0] * Wb[0][k])); continue; }
          if (v.bp2Grad) { var sg = 0; for (j = 0; j < ly.n; j++) sg += (hasEdge(ly, j, k) ? dl[j] : 0);
            ep.push(rnd(sg * out[l][k])); continue; }
          s = 0;
          if (v.round != null) { for (j = 0; j < ly.n; j++) s += rnd(dl[j] * Wb[j][k]); }
          else for (j = 0; j < ly.n; j++) s += dl[j] * Wb[j][k];
          ep.push(rnd(s));
        }
        err[l - 1] = ep;
      }
    }
    var lo = lossOf(P, net[nL - 1], y, t, rnd);
    return { net: net, out: out, parts: lo[0], loss: lo[1], err: err, dout: dout, delta: delta,
             gw: gw, gb: gb, wb: wb, rnd: rnd };
  }
  function hasEdge(ly, j, k) {
    if (!ly.mask) { ly.mask = {}; ly.edges.forEach(function (e) { ly.mask[e[0] + "," + e[1]] = 1; }); }
    return !!ly.mask[j + "," + k];
  }

  function params(model) { return { W: model.layers.map(function (ly) { return ly.W.map(function (r) { return r.slice(); }); }),
                                    B: model.layers.map(function (ly) { return ly.b.slice(); }) }; }

  /* One step with every key in the order the trace has it: {keys, v (key → value), pass}. */
  function step(model, variant) {
    var P = prepare(model, variant), pr = params(model), W = pr.W, B = pr.B;
    var x = model.x, t = model.t, lr = model.lr, sg = model.signal === "negative" ? -1 : 1;
    var p = run(P, W, B, x, t, lr), keys = [], val = {}, nL = P.L.length, l, j, i;
    var ins = model.inputs, lys = model.layers, outs = lys[nL - 1].neurons;
    function put(k, q) { keys.push(k); val[k] = q; }
    ins.forEach(function (n, k) { put("out." + n, p.out[0][k]); });
    for (l = 0; l < nL; l++) lys[l].neurons.forEach(function (n, j) { put("net." + n, p.net[l][j]); put("out." + n, p.out[l + 1][j]); });
    outs.forEach(function (o, j) { put("e." + o, t[j] - p.out[nL][j]); });
    if (p.parts) outs.forEach(function (o, j) { put("loss." + o, p.parts[j]); });
    put("loss", p.loss);
    for (l = nL - 1; l >= 0; l--) {
      var nn = lys[l].neurons;
      if (l === nL - 1) nn.forEach(function (n, j) { put("err." + n, sg * p.err[l][j]); });
      else {
        var up = lys[l + 1];
        nn.forEach(function (n, k) {
          up.edges.forEach(function (e) { if (e[1] === k) put("err." + n + "." + up.neurons[e[0]], p.rnd(sg * p.delta[l + 1][e[0]] * p.wb[l + 1][e[0]][k])); });
          put("err." + n, sg * p.err[l][k]);
        });
      }
      nn.forEach(function (n, j) { if (p.dout[l]) put("dout." + n, p.dout[l][j]); put("delta." + n, sg * p.delta[l][j]); });
    }
    for (l = nL - 1; l >= 0; l--) {
      lys[l].edges.forEach(function (e) { put("grad." + e[2], p.gw[l][e[0]][e[1]]); });
      lys[l].biases.forEach(function (b, i) { put("grad." + b, p.gb[l][i]); });
    }
    var res = { keys: keys, v: val, pass: p, P: P };
    if (lr == null) return res;
    var W2 = W.map(function (m) { return m.map(function (r) { return r.slice(); }); }), B2 = B.map(function (b) { return b.slice(); });
    for (l = nL - 1; l >= 0; l--) {
      lys[l].edges.forEach(function (e) { var o = W[l][e[0]][e[1]], n = p.rnd(o - lr * p.gw[l][e[0]][e[1]]);
        W2[l][e[0]][e[1]] = n; put("change." + e[2], n - o); put("new." + e[2], n); });
      lys[l].biases.forEach(function (b, i) { var o = B[l][i], n = model.train_biases ? p.rnd(o - lr * p.gb[l][i]) : o;
        B2[l][i] = n; put("change." + b, n - o); put("new." + b, n); });
    }
    var fo = forward(P, W2, B2, x, p.rnd), lo = lossOf(P, fo[0][nL - 1], fo[1][nL], t, p.rnd);
    for (l = 0; l < nL; l++) lys[l].neurons.forEach(function (n, j) { put("new.net." + n, fo[0][l][j]); put("new.out." + n, fo[1][l + 1][j]); });
    if (lo[0]) outs.forEach(function (o, j) { put("new.loss." + o, lo[0][j]); });
    put("new.loss", lo[1]);
    return res;
  }

  /* Training as bptrace train does it (training.py): returns {history: [mean loss after each
     epoch], W, B, notes: [...], diverged: epoch or 0, stopped}. ``onEpoch(k, loss)`` may
     return true to stop. Data order always (a shuffled order is noted). */
  function train(model, epochs, onEpoch, state) {
    var P = prepare(model), tr = model.train || {}, data = model.data || { X: [model.x], T: [model.t] };
    var nL = P.L.length, X = data.X, T = data.T, n = X.length - (tr.n_val || 0), notes = [];
    var VX = tr.val_X || (tr.n_val ? X.slice(n) : null), VT = tr.val_T || (tr.n_val ? T.slice(n) : null);
    if (tr.shuffle) notes.push("shuffle");
    if (tr.dropout) notes.push("dropout");
    var st = state || { W: params(model).W, B: params(model).B, opt: null, update: 0, epoch: 0,
                        history: [], limit: null, best: Infinity, wait: 0 };
    var bs = tr.mode === "batch" ? n : tr.mode === "minibatch" ? (tr.batch_size || n) : 1;
    var os = tr.opt || {}, name = tr.optimizer || "sgd", lr0 = model.lr;
    var masksW = model.layers.map(function (ly, l) { var M = ly.W.map(function (r) { return r.map(function () { return 0; }); });
      ly.edges.forEach(function (e) { M[e[0]][e[1]] = 1; }); return M; });
    function flat() { var a = []; for (var l = 0; l < nL; l++) { a.push(st.W[l]); a.push([st.B[l]]); } return a; }
    function zeros(a) { return a.map(function (M) { return M.map(function (r) { return r.map(function () { return 0; }); }); }); }
    function meanLoss(XX, TT) { var s = 0;
      for (var i = 0; i < XX.length; i++) { var fo = forward(P, st.W, st.B, XX[i], same); s += lossOf(P, fo[0][nL - 1], fo[1][nL], TT[i], same)[1]; }
      return s / XX.length; }
    for (var ep = 0; ep < epochs && !st.stopped; ep++) {
      st.epoch++;
      for (var start = 0; start < n; start += bs) {
        var end = Math.min(n, start + bs), k = 1 / (end - start), eta = lr0;
        st.update++;
        if (tr.decay) { var q = st.update - 1, pw = tr.decay[2] ? Math.floor(q / tr.decay[1]) : q / tr.decay[1]; eta = eta * Math.pow(tr.decay[0], pw); }
        if (tr.step_decay) eta = eta * Math.pow(tr.step_decay[0], Math.floor((st.epoch - 1) / tr.step_decay[1]));
        var arrs = flat(), Wp = st.W, Bp = st.B;
        if (name === "nesterov" && st.opt) {
          var la = arrs.map(function (M, ai) { return M.map(function (r, j) { return r.map(function (a, kk) { return a + os.momentum * st.opt[0][ai][j][kk]; }); }); });
          Wp = []; Bp = []; for (var l2 = 0; l2 < nL; l2++) { Wp.push(la[2 * l2]); Bp.push(la[2 * l2 + 1][0]); }
        }
        var G = null, bl = 0;
        for (var si = start; si < end; si++) {
          var p = run(P, Wp, Bp, X[si], T[si], eta);
          bl += p.loss;
          if (!G) { G = []; for (var l = 0; l < nL; l++) { G.push(p.gw[l]); G.push([p.gb[l]]); } }
          else for (l = 0; l < nL; l++) { addTo(G[2 * l], p.gw[l]); addTo(G[2 * l + 1], [p.gb[l]]); }
        }
        bl /= (end - start);
        if (st.limit === null) st.limit = 1e6 * Math.max(bl, 1);
        if (!isFinite(bl) || bl > st.limit) { st.diverged = st.epoch; st.stopped = "diverged"; break; }
        for (l = 0; l < nL; l++) {
          G[2 * l] = G[2 * l].map(function (r, j) { return r.map(function (g, kk) { return g * (k * masksW[l][j][kk]); }); });
          G[2 * l + 1] = [G[2 * l + 1][0].map(function (g) { return model.train_biases ? g * k : g * (k * 0); })];
          var lam = tr.l2 && tr.l2[l];
          if (lam > 0) { var two = 2 * lam, Wl = st.W[l];
            G[2 * l] = G[2 * l].map(function (r, j) { return r.map(function (g, kk) { return g + two * (Wl[j][kk] * masksW[l][j][kk]); }); }); }
        }
        optStep(name, os, st, arrs, G, eta);
      }
      if (st.stopped) break;
      var lossNow = meanLoss(X.slice(0, n), T.slice(0, n));
      if (!isFinite(lossNow) || lossNow > st.limit) { st.diverged = st.epoch; st.stopped = "diverged"; break; }
      st.history.push(lossNow);
      if (tr.patience) {
        var watched = VX ? meanLoss(VX, VT) : lossNow;
        if (watched < st.best - (tr.min_delta || 0)) { st.best = watched; st.wait = 0; }
        else if (++st.wait >= tr.patience) st.stopped = "early stopping";
      }
      if (onEpoch && onEpoch(st.epoch, lossNow)) break;
    }
    st.notes = notes;
    return st;
  }
  function same(q) { return q; }
  function addTo(A, B) { for (var j = 0; j < A.length; j++) for (var k = 0; k < A[j].length; k++) A[j][k] += B[j][k]; }
  // the optimizers of optimizers.py, in place on [W1, [b1], W2, [b2], …]
  function optStep(name, s, st, arrs, G, lr) {
    var S = st.opt, i, j, k;
    function each(f) { for (i = 0; i < arrs.length; i++) for (j = 0; j < arrs[i].length; j++) for (k = 0; k < arrs[i][j].length; k++) f(arrs[i][j], G[i][j][k]); }
    function zero() { return arrs.map(function (M) { return M.map(function (r) { return r.map(function () { return 0; }); }); }); }
    if (name === "sgd") { each(function (r, g) { r[k] -= lr * g; }); return; }
    if (!S) { S = st.opt = [zero(), zero()]; st.t = 0; }
    var a0 = S[0], a1 = S[1];
    if (name === "momentum" || name === "nesterov") each(function (r, g) { var v = a0[i][j]; v[k] *= s.momentum; v[k] -= lr * g; r[k] += v[k]; });
    else if (name === "adagrad") each(function (r, g) { var R = a0[i][j]; R[k] += g * g; r[k] -= lr / (sqrt(R[k]) + s.eps) * g; });
    else if (name === "rmsprop") each(function (r, g) { var R = a0[i][j]; R[k] *= s.rho; R[k] += (1 - s.rho) * (g * g); r[k] -= lr / (sqrt(R[k]) + s.eps) * g; });
    else if (name === "rmsprop_momentum") each(function (r, g) { var R = a0[i][j], V = a1[i][j];
      R[k] *= s.rho; R[k] += (1 - s.rho) * (g * g); V[k] *= s.momentum; V[k] += lr / sqrt(R[k] + s.eps) * g; r[k] -= V[k]; });
    else if (name === "adam") {
      st.t++; var c1 = 1 - Math.pow(s.beta1, st.t), c2 = 1 - Math.pow(s.beta2, st.t);
      each(function (r, g) { var m = a0[i][j], v = a1[i][j];
        m[k] *= s.beta1; m[k] += (1 - s.beta1) * g; v[k] *= s.beta2; v[k] += (1 - s.beta2) * (g * g);
        r[k] -= lr * (m[k] / c1) / (sqrt(v[k] / c2) + s.eps); });
    } else throw new Error("unknown optimizer " + name);
  }

  /* The outputs for inputs x with the current parameters (decision regions). */
  function predict(model, W, B, x) { var P = prepare(model); return forward(P, W, B, x, same)[1][P.L.length]; }

  return { step: step, train: train, predict: predict, handRound: handRound, params: params };
})();
if (typeof module !== "undefined") module.exports = BPE;
