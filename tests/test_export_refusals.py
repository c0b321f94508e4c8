"""export --train refuses what its program could not train as bptrace does, as train does."""


def test_export_train_needs_a_learning_rate(run, tmp_path):
    text = run("examples", "mazur").stdout
    body = text.split("\nexpect:")[0]
    nolr = tmp_path / "nolr.yaml"
    nolr.write_text("\n".join(l for l in body.splitlines() if not l.startswith("learning_rate")) + "\n")
    res = run("export", nolr, "--to", "pytorch", "--train")
    assert res.exit_code == 2 and res.stdout == ""
    assert "nolr.yaml" in res.stderr and "learning rate" in res.stderr
    assert res.stderr.count("\n") == 1 and "Traceback" not in res.stderr
    assert run("export", nolr, "--to", "pytorch").exit_code == 0      # the step alone is fine


def test_export_train_refuses_a_sequential_update(run, tmp_path):
    body = run("examples", "mazur").stdout.split("\nexpect:")[0]
    seq = tmp_path / "seq.yaml"
    seq.write_text(body + "\nconventions: {update: sequential}\n")
    res = run("export", seq, "--to", "pytorch", "--train")
    assert res.exit_code == 2 and "seq.yaml" in res.stderr and "sequential" in res.stderr
    assert "autograd" in res.stderr
