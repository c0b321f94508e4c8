"""The shortcuts taken for speed write exactly what the general path writes."""

import random

import yaml


def _python_dump(data, **options):
    class Dumper(yaml.SafeDumper):
        pass
    return yaml.dump(data, Dumper=Dumper, **{"sort_keys": False, "allow_unicode": True, **options})


def test_plain_data_is_written_as_pyyaml_writes_it():
    from bptrace.config.dump import _plain, yaml_text
    rnd = random.Random(3)
    chars = [chr(c) for c in range(0x20, 0x7f)] + list("-:#&*!|>'\"%@`?,[]{} ") * 3

    def s(lo=0):
        return "".join(rnd.choice(chars) for _ in range(rnd.randint(lo, rnd.choice([3, 12, 79]))))
    for _ in range(400):
        data = {s(1): [s(), rnd.random(), {"a": s(), s(1): None, s(1): [s(), [], {}]}],
                "t": s(), "n": rnd.randint(-5, 5), "f": True, s(1): -1e300, "on": "yes"}
        assert _plain(data)
        for opts in ({}, {"default_flow_style": None}):
            assert yaml_text(data, **opts) == _python_dump(data, **opts)


def test_what_is_not_plain_takes_the_general_path():
    from bptrace.config.dump import _plain
    for data in ({"": 1}, {"t": "é"}, {"t": "x" * 80}, {"t": "a\nb"}, {1: 2}, {"t": (1,)}):
        assert not _plain(data)
