"""End-to-end tests of `ursim`: argv[1] is the binary, argv[2] the source tree."""
import glob
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

import h5py
import numpy as np

URSIM, ROOT = sys.argv[1], sys.argv[2]
HERE = os.path.join(ROOT, "tests", "cli")
SMALL = os.path.join(HERE, "small.yaml")


def read_text(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def ursim(*args, **kw):
    return subprocess.run([URSIM, *args], capture_output=True, text=True, **kw)


def datasets(path):
    """Every dataset in a results file: name -> array."""
    out = {}
    with h5py.File(path, "r") as f:
        f.visititems(lambda n, o: out.__setitem__(n, o[()]) if isinstance(o, h5py.Dataset) else None)
    return out


class Tmp(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="ursim-cli-")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def path(self, name):
        return os.path.join(self.dir, name)

    def write(self, name, text):
        with open(self.path(name), "w") as f:
            f.write(text)
        return self.path(name)


class BadInput(Tmp):
    def test_every_bad_file(self):
        files = sorted(glob.glob(os.path.join(ROOT, "tests", "bad", "*.yaml")))
        self.assertGreaterEqual(len(files), 15)
        for bad in files:
            with self.subTest(bad=os.path.basename(bad)):
                with open(bad) as f:
                    first = f.readline()
                m = re.match(r"# expect: (\d+):(\d+): (.+)", first.strip())
                self.assertIsNotNone(m, f"{bad}: first line must be '# expect: L:C: text'")
                line, col, text = m.groups()
                r = ursim("validate", bad)
                self.assertEqual(r.returncode, 2, r.stderr)
                self.assertIn(f"{bad}:{line}:{col}: error: ", r.stderr)
                self.assertIn(text, r.stderr)
                self.assertNotIn("internal error", r.stderr)
                out = self.path("out.h5")
                r = ursim("run", bad, "-o", out)
                self.assertEqual(r.returncode, 2, r.stderr)
                self.assertEqual(os.listdir(self.dir), [])

    def test_missing_file(self):
        r = ursim("validate", self.path("nope.yaml"))
        self.assertEqual(r.returncode, 2)
        self.assertIn("nope.yaml", r.stderr)

    def test_usage(self):
        for args in ([], ["frobnicate"], ["run", SMALL], ["run", SMALL, "-o", "x.h5", "--threads", "0"],
                     ["run", SMALL, "-o", "x.h5", "--seed", "abc"], ["validate", SMALL, "--bogus"]):
            with self.subTest(args=args):
                r = ursim(*args, cwd=self.dir)
                self.assertEqual(r.returncode, 2)
                self.assertIn("ursim --help", r.stderr)
        self.assertEqual(os.listdir(self.dir), [])

    def test_help_version_validate(self):
        self.assertIn("ursim run SCENARIO.yaml", ursim("--help").stdout)
        self.assertRegex(ursim("--version").stdout, r"^ursim \d+\.\d+\.\d+")
        r = ursim("validate", SMALL)
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_scenario_reference_is_current(self):
        # scenarios/README.md carries `ursim schema` verbatim after its
        # hand-written introduction; regenerate with scripts/docs.sh.
        generated = ursim("schema").stdout
        readme = read_text(os.path.join(ROOT, "scenarios", "README.md"))
        self.assertTrue(generated in readme, "scenarios/README.md is stale: run scripts/docs.sh")

    def test_every_shipped_scenario_validates(self):
        for path in sorted(glob.glob(os.path.join(ROOT, "scenarios", "**", "*.yaml"),
                                     recursive=True)):
            if os.sep + "governance" + os.sep in path:
                continue  # fragments, checked below through the scenarios using them
            with self.subTest(path=path):
                r = ursim("validate", path)
                self.assertEqual(r.returncode, 0, r.stderr)

    def test_every_governance_fragment_is_used_by_a_scenario(self):
        """scenarios/governance/ holds presets and shared parts, not whole
        scenarios: each must be included (at top level or by a variant) by a
        shipped scenario, which the test above validates with it."""
        users = ""
        for path in glob.glob(os.path.join(ROOT, "scenarios", "*.yaml")):
            with open(path) as f:
                users += f.read()
        for path in sorted(glob.glob(os.path.join(ROOT, "scenarios", "governance", "*.yaml"))):
            with self.subTest(path=path):
                self.assertIn("governance/" + os.path.basename(path), users)


class Results(Tmp):
    @classmethod
    def setUpClass(cls):
        cls.shared = tempfile.mkdtemp(prefix="ursim-cli-res-")
        cls.one = os.path.join(cls.shared, "one.h5")
        cls.two = os.path.join(cls.shared, "two.h5")
        cls.r1 = ursim("run", SMALL, "-o", cls.one, "--threads", "1")
        cls.r2 = ursim("run", SMALL, "-o", cls.two, "--threads", "3")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.shared, ignore_errors=True)

    def test_runs_succeed_and_print_table(self):
        self.assertEqual(self.r1.returncode, 0, self.r1.stderr)
        self.assertIn("wait_served_mean", self.r1.stdout)
        self.assertIn("95% CI", self.r1.stdout)
        self.assertEqual(sorted(os.listdir(self.shared)), ["one.h5", "two.h5"])

    def test_bit_identical_across_threads(self):
        a, b = datasets(self.one), datasets(self.two)
        self.assertEqual(sorted(a), sorted(b))
        for name in a:
            with self.subTest(name=name):
                self.assertEqual(a[name].tobytes(), np.asarray(b[name]).tobytes())

    def test_layout(self):
        with h5py.File(self.one, "r") as f:
            for attr in ("ursim_version", "scenario_name", "scenario_yaml", "seed",
                         "replications", "created_utc", "command_line"):
                self.assertIn(attr, f.attrs)
            self.assertEqual(f.attrs["scenario_name"], "small-hall")
            self.assertIn("info-desk", f.attrs["scenario_yaml"])
            self.assertEqual(int(f.attrs["replications"]), 6)
            t = f["timeseries/time"][()]
            self.assertEqual(len(t), 96)           # 2 d / 30 min
            self.assertEqual(t[-1], 2 * 86400.0)
            q = f["timeseries/stations/windows/queue_length"]
            self.assertEqual(q.shape, (6, 96))
            self.assertIn("units", q.attrs)
            self.assertIsNotNone(q.compression)
            for kpi in ("arrived", "served", "reneged", "balked", "wait_served_mean",
                        "wait_all_mean", "queue_length_mean", "utilization", "wait_served_p95"):
                d = f[f"summary/stations/windows/{kpi}"]
                self.assertEqual(d.shape, (6,))
                for a in ("units", "description", "mean", "sd", "ci95_lo", "ci95_hi"):
                    self.assertIn(a, d.attrs)
                self.assertLessEqual(d.attrs["ci95_lo"], d.attrs["mean"])
                self.assertLessEqual(d.attrs["mean"], d.attrs["ci95_hi"])

    def test_conservation_in_file(self):
        with h5py.File(self.one, "r") as f:
            s = lambda k: f[f"summary/stations/windows/{k}"][()]
            lhs = s("in_system_start") + s("arrived")
            rhs = s("served") + s("reneged") + s("balked") + s("in_system_end")
            np.testing.assert_array_equal(lhs, rhs)

    def test_hdf5_tools_read_it(self):
        r = subprocess.run(["h5ls", "-r", self.one], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("/summary/stations/windows/wait_served_mean", r.stdout)
        r = subprocess.run(["h5dump", "-a", "/summary/stations/windows/arrived/mean", self.one],
                           capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_no_overwrite_without_force(self):
        before = os.path.getmtime(self.one)
        r = ursim("run", SMALL, "-o", self.one, "--replications", "2")
        self.assertEqual(r.returncode, 2)
        self.assertIn("--force", r.stderr)
        self.assertEqual(os.path.getmtime(self.one), before)
        forced = self.path("f.h5")
        shutil.copy(self.one, forced)
        r = ursim("run", SMALL, "-o", forced, "--replications", "2", "--force", "--quiet")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, "")
        with h5py.File(forced, "r") as f:
            self.assertEqual(f["summary/stations/windows/arrived"].shape, (2,))

    def test_seed_changes_results_and_replications_are_prefixes(self):
        out = self.path("s.h5")
        self.assertEqual(ursim("run", SMALL, "-o", out, "--seed", "8", "-q").returncode, 0)
        a, b = datasets(self.one), datasets(out)
        self.assertFalse(np.array_equal(a["summary/stations/windows/arrived"],
                                        b["summary/stations/windows/arrived"]))
        out3 = self.path("r3.h5")
        self.assertEqual(ursim("run", SMALL, "-o", out3, "--replications", "3", "-q").returncode, 0)
        c = datasets(out3)
        np.testing.assert_array_equal(c["summary/stations/windows/served"],
                                      a["summary/stations/windows/served"][:3])


class CommonRandomNumbers(Tmp):
    def test_more_servers_same_arrivals(self):
        """Arrivals, service and patience draw from their own streams, so a
        variant with more windows sees the very same visitors."""
        text = read_text(SMALL)
        more = self.write("more.yaml", text.replace("servers: 22", "servers: 30"))
        a, b = self.path("a.h5"), self.path("b.h5")
        self.assertEqual(ursim("run", SMALL, "-o", a, "-q").returncode, 0)
        self.assertEqual(ursim("run", more, "-o", b, "-q").returncode, 0)
        da, db = datasets(a), datasets(b)
        for k in ("summary/stations/windows/arrived", "summary/stations/info-desk/served",
                  "summary/stations/info-desk/wait_served_mean"):
            np.testing.assert_array_equal(da[k], db[k])
        self.assertFalse(np.array_equal(da["summary/stations/windows/wait_served_mean"],
                                        db["summary/stations/windows/wait_served_mean"]))


class Interrupt(Tmp):
    def test_sigint_leaves_nothing(self):
        text = read_text(SMALL).replace("horizon: 2d", "horizon: 3000d")
        text = text.replace("sample_interval: 30min", "sample_interval: 1d")
        long = self.write("long.yaml", text)
        out = self.path("long.h5")
        p = subprocess.Popen([URSIM, "run", long, "-o", out, "--threads", "2"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.time() + 30
        while not os.path.exists(out + ".tmp") and time.time() < deadline:
            time.sleep(0.05)
        time.sleep(0.5)
        p.send_signal(signal.SIGINT)
        _, err = p.communicate(timeout=120)
        self.assertEqual(p.returncode, 130, err)
        self.assertIn("interrupted", err)
        self.assertEqual(sorted(os.listdir(self.dir)), ["long.yaml"])

    def test_unwritable_output(self):
        r = ursim("run", SMALL, "-o", self.path("no/such/dir/out.h5"))
        self.assertEqual(r.returncode, 1)
        self.assertIn("out.h5", r.stderr)
        self.assertEqual(os.listdir(self.dir), [])


class Include(Tmp):
    """`include:` merges files: the including file wins key by key; an error
    in an included file points into that file."""

    def test_merge_and_error_locations(self):
        self.write("base.yaml", read_text(SMALL))
        top = self.write("top.yaml", "include: base.yaml\n"
                                     "scenario: {name: top, replications: 2}\n")
        out = self.path("top.h5")
        r = ursim("run", top, "-o", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        with h5py.File(out) as f:
            self.assertEqual(f.attrs["scenario_name"], "top")
            self.assertEqual(int(f.attrs["replications"]), 2)
            self.assertIn("stations", f["/summary"])   # from base.yaml
            self.assertIn("included: ", str(f.attrs["scenario_yaml"]))
        broken = read_text(SMALL).replace("servers: 22", "servers: 0")
        line = broken.split("\n").index("    servers: 0") + 1
        self.write("broken.yaml", broken)
        bad = self.write("bad.yaml", "include: broken.yaml\n")
        r = ursim("validate", bad)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn(f"broken.yaml:{line}:14: error: servers", r.stderr)


class Variants(Tmp):
    """Variants run on common random numbers: an identical variant differs by
    exactly zero in every KPI; a changed one is paired replication by
    replication; the file is the same whatever the thread count."""

    def test_identical_variant_differs_by_zero_and_threads_do_not_matter(self):
        text = read_text(SMALL) + (
            "variants:\n"
            "  - name: base\n"
            "  - name: twin\n"
            "  - name: more-windows\n"
            "    set: {stations.0.servers: 26}\n")
        scenario = self.write("v.yaml", text)
        one, two = self.path("one.h5"), self.path("two.h5")
        for out, threads in ((one, "1"), (two, "3")):
            r = ursim("run", scenario, "-o", out, "--threads", threads)
            self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("difference from 'base'", r.stdout)
        a, b = datasets(one), datasets(two)
        self.assertEqual(sorted(a), sorted(b))
        for name in a:
            self.assertEqual(a[name].tobytes(), np.asarray(b[name]).tobytes(), name)
        with h5py.File(one) as f:
            twins = []
            f["/comparison"].visititems(
                lambda name, obj: twins.append(obj[:]) if name.endswith("/twin") else None)
            self.assertGreater(len(twins), 20)
            for d in twins:
                self.assertTrue(np.all((d == 0) | np.isnan(d)))
            base = f["/variants/base/summary/stations/windows/reneged"][:]
            more = f["/variants/more-windows/summary/stations/windows/reneged"][:]
            np.testing.assert_array_equal(
                f["/comparison/stations/windows/reneged/more-windows"][:], more - base)
            # The info desk did not change: its arrivals are the same draws.
            np.testing.assert_array_equal(
                f["/comparison/stations/info-desk/arrived/more-windows"][:], 0)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
