// Runs the live page's engine on a batch of jobs read as JSON from standard input:
// [{kind: "step", model} | {kind: "train", model, epochs}], one result each, as JSON.
const BPE = require(process.argv[2]);
const jobs = JSON.parse(require("fs").readFileSync(0, "utf8"));
const out = jobs.map(function (j) {
  try {
    if (j.kind === "step") { const r = BPE.step(j.model, j.variant); return { keys: r.keys, values: r.v }; }
    const s = BPE.train(j.model, j.epochs);
    return { history: s.history, stopped: s.stopped || null, notes: s.notes };
  } catch (e) { return { error: String(e && e.stack || e) }; }
});
process.stdout.write(JSON.stringify(out, function (k, v) {
  return typeof v === "number" && !isFinite(v) ? String(v) : v; }));
