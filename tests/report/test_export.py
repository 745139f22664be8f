"""`ursim export OUT.h5 --csv DIR`: tidy CSV that pandas reads with no
arguments, holding exactly the file's values; nothing half-written; and the
example script in scripts/examples/ plots from a results file."""
import os
import subprocess
import unittest

import h5py
import numpy as np
import pandas as pd

from common import Runs, ursim, ROOT


class Export(Runs):
    def export(self, path, name):
        out = os.path.join(self.dir, name)
        r = ursim("export", path, "--csv", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        return out

    def test_kpis_and_series_are_the_files_values(self):
        out = self.export(self.one, "csv-one")
        kpis = pd.read_csv(os.path.join(out, "kpis.csv"))
        self.assertEqual(list(kpis.columns),
                         ["variant", "point", "replication", "kpi", "value", "units"])
        with h5py.File(self.one) as f:
            n = []
            f["summary"].visititems(lambda k, o: n.append(k)
                                    if isinstance(o, h5py.Dataset) and k != "replication" else None)
            self.assertEqual(len(kpis), len(n) * 4)
            got = kpis[kpis.kpi == "stations/windows/reneged"].sort_values("replication")
            np.testing.assert_array_equal(got.value.values,
                                          f["summary/stations/windows/reneged"][()])
            ts = pd.read_csv(os.path.join(out, "timeseries.csv"))
            q = ts[ts.series == "stations/windows/queue_length"]
            raw = f["timeseries/stations/windows/queue_length"][()]
            self.assertEqual(len(q), raw.size)
            pivot = q.pivot(index="replication", columns="time_s", values="value")
            # %.17g round-trips; pandas' default (fast) parser may be 1 ulp off
            np.testing.assert_allclose(pivot.values, raw, rtol=4e-16, atol=0)
            np.testing.assert_array_equal(pivot.columns.values, f["timeseries/time"][()])
        means = pd.read_csv(os.path.join(out, "kpi_means.csv"))
        p95 = means[means.kpi == "stations/windows/wait_served_p95"].iloc[0]
        self.assertEqual(p95.headline_rank, 2)
        self.assertEqual(p95.better, "lower")
        self.assertFalse([n for n in os.listdir(out) if n.endswith(".tmp")])

    def test_variants_comparison_and_tables(self):
        out = self.export(self.var, "csv-var")
        kpis = pd.read_csv(os.path.join(out, "kpis.csv"))
        self.assertEqual(sorted(kpis.variant.unique()), ["base", "more-windows", "twin"])
        comp = pd.read_csv(os.path.join(out, "comparison.csv"))
        twin = comp[comp.variant == "twin"]
        self.assertTrue((twin.difference.fillna(0) == 0).all())
        with h5py.File(self.var) as f:
            d = comp[(comp.variant == "more-windows") & (comp.kpi == "stations/windows/reneged")]
            np.testing.assert_array_equal(
                d.sort_values("replication").difference.values,
                f["comparison/stations/windows/reneged/more-windows"][()])
        cases = os.path.join(self.dir, "cases.h5")
        r = ursim("run", os.path.join(ROOT, "tests", "response", "tiny.yaml"), "-o", cases, "--quiet")
        self.assertEqual(r.returncode, 0, r.stderr)
        t = pd.read_csv(os.path.join(self.export(cases, "csv-cases"), "table_response_cases.csv"))
        with h5py.File(cases) as f:
            rows = f["variants/grid/tables/response/cases"][()]
        grid = t[t.variant == "grid"]
        self.assertEqual(len(grid), len(rows))
        np.testing.assert_array_equal(grid.closed.values, rows["closed"])

    def test_plan_log(self):
        plan = os.path.join(self.dir, "plan.h5")
        r = ursim("run", os.path.join(ROOT, "scenarios", "harbin-opening-day-plan.yaml"), "-o", plan,
                  "--replications", "2", "--quiet")
        self.assertEqual(r.returncode, 0, r.stderr)
        log = pd.read_csv(os.path.join(self.export(plan, "csv-plan"), "plan_log.csv"))
        self.assertEqual(list(log.columns),
                         ["variant", "replication", "time_s", "source", "event", "detail", "value"])
        with h5py.File(plan) as f:
            rows = f["variants/early/plan_log"][()]
        mine = log[log.variant == "early"]
        self.assertEqual(len(mine), len(rows))
        self.assertEqual(list(mine.detail), [d.decode() for d in rows["detail"]])

    def test_bad_input_and_nothing_half_written(self):
        for name, path in self.bad_files():
            with self.subTest(name=name):
                out = os.path.join(self.dir, "never-" + name)
                r = ursim("export", path, "--csv", out)
                self.assertEqual(r.returncode, 2, r.stderr)
                self.assertIn(path, r.stderr)
                self.assertFalse(os.path.exists(out))
        blocked = os.path.join(self.dir, "a-file")
        open(blocked, "w").close()
        r = ursim("export", self.one, "--csv", os.path.join(blocked, "sub"))
        self.assertEqual(r.returncode, 1)
        r = ursim("export", self.one)
        self.assertEqual(r.returncode, 2)
        self.assertIn("--csv", r.stderr)

    def test_example_script_plots(self):
        script = os.path.join(ROOT, "scripts", "examples", "plot_queue.py")
        with open(script) as f:
            self.assertLess(len(f.read().splitlines()), 20)
        r = subprocess.run(["/usr/bin/python3", script, self.one, "stations/windows"],
                           capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        png = self.one[:-3] + "-queue.png"
        with open(png, "rb") as f:
            self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")
        self.assertGreater(os.path.getsize(png), 10000)


if __name__ == "__main__":
    unittest.main()
