"""What the tests of sharded and MPI runs share: the scenario, and the
comparison of a results file with the single run's.

The comparison is h5diff over the whole file with the root attributes left
out (--exclude-attribute /), since two of them, created_utc and
command_line, differ between any two runs; the other root attributes are
compared one by one. So every dataset and every other attribute in
/summary, /timeseries, /comparison, /plan_log and /tables of every variant
must be the same bits."""
import os
import shutil
import subprocess
import tempfile
import unittest

import h5py

ROOT_ATTRS_THAT_DIFFER = {"created_utc", "command_line"}


def scenario_text(root):
    """tests/response/sink_plan.yaml (3 variants, a plan that logs, KPIs with
    parts) with the case table on and two observed figures (a calibration
    table): 2 replications make 6 units, fewer than the 7 shards of the
    largest split."""
    with open(os.path.join(root, "tests", "response", "sink_plan.yaml"), encoding="utf-8") as f:
        text = f.read()
    assert "  response:\n" in text
    return text.replace("  response:\n", "  response:\n    case_log: true\n", 1) + (
        "observed:\n"
        "  - {kpi: response/resolved, between: [0, 100], source: a test figure}\n"
        "  - {kpi: response/resolved, variant: slow, value: 3, within: 1, source: another}\n")


def h5diff(a, b):
    return subprocess.run(["h5diff", "--exclude-attribute", "/", a, b], capture_output=True,
                          text=True)


class Case(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="ursim-dist-")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def path(self, name):
        return os.path.join(self.dir, name)

    def assertSameResults(self, ref, other):
        r = h5diff(ref, other)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        with h5py.File(ref) as a, h5py.File(other) as b:
            keys = set(a.attrs) - ROOT_ATTRS_THAT_DIFFER
            self.assertEqual(keys, set(b.attrs) - ROOT_ATTRS_THAT_DIFFER)
            for k in keys:
                self.assertEqual(a.attrs[k], b.attrs[k], k)
            for g in ("variants/plan/tables/response/cases", "variants/plan/plan_log",
                      "comparison", "calibration"):
                self.assertIn(g, a)  # what the comparison covers is there
            self.assertGreater(len(a["variants/plan/plan_log"]), 0)
            self.assertGreater(len(a["variants/plan/tables/response/cases"]), 0)
