"""Observed figures and the calibration table, through the executable.

argv: ursim binary, source tree, mode:
  theory     mmc.yaml, whose figures are known from Erlang C: the right ones
             agree, a wrong one disagrees, an unpublished one has no value;
             the table's columns; the summary, report and validate --kpis
  scenarios  every shipped scenario (scenarios/*.yaml) that lists observed:
             figures runs at REPLICATIONS replications; its table must be
             complete (a row per figure, a source, units, an interval);
             whether the figures agree is printed, not asserted
  agree      the figures marked `assert: true` in shipped scenarios must
             agree, at min(the scenario's replications, AGREE_REPLICATIONS)
"""
import csv
import glob
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

import h5py
import numpy as np
import yaml

URSIM, ROOT, MODE = sys.argv[1], sys.argv[2], sys.argv[3]
HERE = os.path.join(ROOT, "tests", "calibration")
MMC = os.path.join(HERE, "mmc.yaml")
REPLICATIONS = 2  # enough for an interval; the suite's time budget allows no more
AGREE_REPLICATIONS = 5


def ursim(*args):
    return subprocess.run([URSIM, *args], capture_output=True, text=True)


def text(v):
    return v.decode() if isinstance(v, bytes) else v


def table(path):
    """/calibration as a list of dicts (text decoded)."""
    with h5py.File(path, "r") as f:
        rows = f["calibration"][()]
        names = rows.dtype.names
        return [{n: text(r[n]) for n in names} for r in rows]


def erlang_c_wait_s(c, lam_per_min, mean_service_min):
    """Mean wait in queue of M/M/c (Erlang C), seconds."""
    a = lam_per_min * mean_service_min
    top = a**c / math.factorial(c) / (1 - a / c)
    p_wait = top / (sum(a**k / math.factorial(k) for k in range(c)) + top)
    return p_wait / (c / mean_service_min - lam_per_min) * 60


def observed_of(path, seen=()):
    """The observed: list a scenario file runs with: its own, else that of the
    last included file that has one (the including file's keys win)."""
    with open(path, encoding="utf-8") as f:
        doc = yaml.safe_load(f) or {}
    if "observed" in doc:
        return doc["observed"]
    inc = doc.get("include") or []
    found = None
    for name in [inc] if isinstance(inc, str) else inc:
        full = os.path.join(os.path.dirname(path), name)
        if full not in seen:
            found = observed_of(full, seen + (path,)) or found
    return found


def shipped_with_observed():
    return [(p, observed_of(p)) for p in sorted(glob.glob(os.path.join(ROOT, "scenarios", "*.yaml")))
            if observed_of(p)]


class Tmp(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="ursim-calib-")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def run_scenario(self, scenario, *extra):
        out = os.path.join(self.dir, os.path.basename(scenario) + ".h5")
        r = ursim("run", scenario, "-o", out, "--force", *extra)
        self.assertEqual(r.returncode, 0, r.stderr)
        return out, r.stdout


@unittest.skipUnless(MODE == "theory", "theory mode")
class Theory(Tmp):
    def test_figures_are_erlang_c(self):
        """The scenario's own figures, derived again here."""
        with open(MMC, encoding="utf-8") as f:
            obs = yaml.safe_load(f)["observed"]
        self.assertAlmostEqual(float(obs[0]["value"].rstrip("s")), erlang_c_wait_s(3, 2.4, 1),
                               delta=0.005)
        lo, hi = (float(x.rstrip("s")) for x in obs[2]["between"])
        self.assertTrue(lo <= erlang_c_wait_s(4, 2.4, 1) <= hi)

    def test_table(self):
        out, stdout = self.run_scenario(MMC)
        rows = table(out)
        self.assertEqual([r["verdict"] for r in rows],
                         ["agree", "agree", "agree", "disagree", "agree", "no value"])
        self.assertEqual([r["agree"] for r in rows], [1, 1, 1, 0, 1, 0])
        self.assertEqual([r["variant"] for r in rows], ["three"] * 2 + ["four"] + ["three"] * 3)
        self.assertEqual([r["units"] for r in rows], ["s", "1", "s", "s", "visitors/h", "s"])
        # the observed range in the KPI's units: 1.35min +- 1s is [80 s, 82 s]; 144/h +- 2/h
        expect = [(64.72, 64.72), (0.8, 0.8), (10.7, 10.83), (80.0, 82.0), (142.0, 146.0)]
        for r, (lo, hi) in zip(rows, expect):
            self.assertAlmostEqual(r["lo"], lo, places=9)
            self.assertAlmostEqual(r["hi"], hi, places=9)
        self.assertEqual(rows[3]["observed"], "1.35min ± 1s")
        self.assertEqual(rows[2]["observed"], "10.7s to 10.83s")
        self.assertTrue(all(r["source"] for r in rows))
        self.assertEqual(rows[3]["note"], "must disagree")
        self.assertEqual([r["assert"] for r in rows], [1, 1, 1, 0, 0, 0])
        # mean and interval are the KPI's own (ur_ci95, as in /summary)
        with h5py.File(out, "r") as f:
            for r in rows[:5]:
                d = f["variants/%s/summary/%s" % (r["variant"], r["kpi"])]
                self.assertEqual(r["n"], 8)
                self.assertAlmostEqual(r["mean"], float(np.mean(d[()])), places=9)
                self.assertAlmostEqual(r["ci95_lo"], float(d.attrs["ci95_lo"]), places=9)
                self.assertAlmostEqual(r["ci95_hi"], float(d.attrs["ci95_hi"]), places=9)
                self.assertEqual(r["agree"], int(r["ci95_lo"] <= r["hi"] and r["ci95_hi"] >= r["lo"]))
            self.assertIn("calibration_row", f)  # a named dimension, like every table
        self.assertTrue(math.isnan(rows[5]["mean"]) and rows[5]["n"] == 0)
        self.assertIn("Calibration: observed figures", stdout)
        self.assertIn("4 of 6 agree", stdout)
        self.assertRegex(stdout, r"wait_all_mean \(three\) +observed 1\.35min ± 1s +simulated "
                                 r"6\d\.\d \[\d+\.\d, \d+\.\d\] s +disagree")
        r = ursim("summary", out)
        self.assertIn("4 of 6 agree", r.stdout)
        html = os.path.join(self.dir, "r.html")
        r = ursim("report", out, "-o", html)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(html, encoding="utf-8") as f:
            page = f.read()
        self.assertIn("<h2>Calibration: observed against simulated</h2>", page)
        self.assertIn("Erlang C: C(4, 2.4) / (4/min - 2.4/min)", page)
        csv_dir = os.path.join(self.dir, "csv")
        r = ursim("export", out, "--csv", csv_dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(os.path.join(csv_dir, "calibration.csv"), encoding="utf-8", newline="") as f:
            exported = list(csv.DictReader(f))
        self.assertEqual([e["verdict"] for e in exported], [r["verdict"] for r in rows])
        self.assertEqual(exported[2]["source"], rows[2]["source"])

    def test_one_replication(self):
        """No interval: the mean itself must lie in the range."""
        out, _ = self.run_scenario(MMC, "--replications", "1")
        for r in table(out)[:5]:
            self.assertEqual(r["n"], 1)
            self.assertTrue(math.isnan(r["ci95_lo"]))
            self.assertEqual(r["agree"], int(r["lo"] <= r["mean"] <= r["hi"]))

    def test_kpi_list_is_what_a_run_publishes(self):
        """validate --kpis (a dry build) lists exactly the KPIs a run writes."""
        cheap = [MMC] + [os.path.join(ROOT, "scenarios", n) for n in
                         ("ticket-hall.yaml", "harbin-opening-day.yaml",
                          "harbin-opening-day-plan.yaml", "shenzhen-guangming-stations.yaml")]
        for scenario in cheap:
            with self.subTest(scenario=os.path.basename(scenario)):
                r = ursim("validate", scenario, "--kpis")
                self.assertEqual(r.returncode, 0, r.stderr)
                listed, group = {}, None
                for line in r.stdout.splitlines():
                    m = re.match(r"KPIs(?: of variant (\S+))? \(", line)
                    if m:
                        group = m.group(1) or ""
                        listed[group] = set()
                    elif line.startswith("  ") and group is not None:
                        listed[group].add(line.split()[0])
                out, _ = self.run_scenario(scenario, "--replications", "1", "--quiet")
                with h5py.File(out, "r") as f:
                    for g, paths in listed.items():
                        base = f["variants/" + g + "/summary" if g else "summary"]
                        written = set()
                        base.visititems(lambda n, o: written.add(n)
                                        if isinstance(o, h5py.Dataset) and n != "replication"
                                        else None)
                        self.assertEqual(paths, written)


@unittest.skipUnless(MODE == "scenarios", "scenarios mode")
class Scenarios(Tmp):
    def test_every_shipped_table_is_complete(self):
        found = shipped_with_observed()
        print("\n%d shipped scenarios list observed figures" % len(found))
        for scenario, observed in found:
            with self.subTest(scenario=os.path.basename(scenario)):
                out, _ = self.run_scenario(scenario, "--replications", str(REPLICATIONS),
                                           "--quiet")
                rows = table(out)
                self.assertEqual(len(rows), len(observed))
                for o, r in zip(observed, rows):
                    self.assertEqual(r["kpi"], o["kpi"])
                    self.assertTrue(r["source"] and r["units"] and r["lo"] <= r["hi"])
                    self.assertIn(r["verdict"], ("agree", "disagree", "no value"))
                    if r["verdict"] != "no value":
                        self.assertEqual(r["n"], REPLICATIONS)
                        self.assertTrue(r["ci95_lo"] <= r["mean"] <= r["ci95_hi"])
                    print("  %s: %s observed %s, simulated %.6g [%.6g, %.6g] %s: %s" % (
                        os.path.basename(scenario), r["kpi"], r["observed"], r["mean"],
                        r["ci95_lo"], r["ci95_hi"], r["units"], r["verdict"]))


@unittest.skipUnless(MODE == "agree", "agree mode")
class Agree(Tmp):
    def test_asserted_figures_agree(self):
        checked = 0
        for scenario, observed in shipped_with_observed():
            if not any(o.get("assert") for o in observed):
                continue
            with open(scenario, encoding="utf-8") as f:
                reps = (yaml.safe_load(f).get("scenario") or {}).get("replications", 10)
            out, _ = self.run_scenario(scenario, "--replications",
                                       str(min(reps, AGREE_REPLICATIONS)), "--quiet")
            for r in table(out):
                if r["assert"]:
                    checked += 1
                    with self.subTest(scenario=os.path.basename(scenario), kpi=r["kpi"]):
                        self.assertEqual(r["verdict"], "agree",
                                         "%s observed %s, simulated %g [%g, %g]" % (
                                             r["kpi"], r["observed"], r["mean"], r["ci95_lo"],
                                             r["ci95_hi"]))
        print("\n%d asserted figures checked" % checked)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
