"""`ursim summary` and the summary at the end of `ursim run`: short, with the
headline KPIs the models marked and their intervals as in the file, the
comparison, and a clear exit 2 for a file that is not a results file."""
import re
import unittest

import h5py

from common import Runs, ursim, ROOT, SMALL


class Summary(Runs):
    def test_run_ends_with_the_short_summary(self):
        out = self.run_one.stdout
        self.assertLessEqual(len(out.splitlines()), 32, out)
        self.assertIn("95% CI", out)
        self.assertIn("Headline", out)
        again = ursim("summary", self.one)
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertIn(again.stdout, out)  # the run prints the same, after its timing line

    def test_headline_kpis_come_from_the_file_with_their_intervals(self):
        out = ursim("summary", self.one).stdout
        with h5py.File(self.one) as f:
            marked = []
            f["summary"].visititems(lambda n, o: marked.append(n)
                                    if "headline_rank" in o.attrs else None)
            self.assertIn("stations/windows/wait_served_p95", marked)
            d = f["summary/stations/windows/wait_served_p95"]
            self.assertEqual(d.attrs["better"], "lower")
            self.assertEqual(int(d.attrs["headline_rank"]), 2)
            # the worst of the family by the file's means (lower is better)
            means = {q: f[f"summary/stations/{q}/wait_served_p95"].attrs["mean"]
                     for q in ("windows", "info-desk")}
            worst = max(means, key=means.get)
            d = f[f"summary/stations/{worst}/wait_served_p95"]
            line = next(l for l in out.splitlines() if "wait_served_p95" in l)
            self.assertIn(f"stations/{worst}", line)
            self.assertIn("(of 2)", line)
            m = re.search(r"([\d.]+) \[([\d.]+), ([\d.]+)\] (s|min|h)", line)
            self.assertIsNotNone(m, line)
            scale = {"s": 1, "min": 60, "h": 3600}[m.group(4)]
            for value, attr in zip(m.groups()[:3], ("mean", "ci95_lo", "ci95_hi")):
                self.assertAlmostEqual(float(value) * scale, d.attrs[attr],
                                       delta=abs(d.attrs[attr]) * 0.01 + 0.05 * scale)
            # not marked: not in the short summary, but in --all
            self.assertNotIn("in_system_start", out)
            self.assertIn("in_system_start", ursim("summary", self.one, "--all").stdout)

    def test_all_lists_every_kpi(self):
        r = ursim("summary", self.one, "--all")
        self.assertEqual(r.returncode, 0, r.stderr)
        with h5py.File(self.one) as f:
            names = []
            f["summary"].visititems(lambda n, o: names.append(n.split("/")[-1])
                                    if isinstance(o, h5py.Dataset) else None)
        for name in set(names):
            self.assertIn(name, r.stdout)
        self.assertGreater(len(r.stdout.splitlines()), 40)

    def test_variants_comparison(self):
        out = self.run_var.stdout
        self.assertLessEqual(len(out.splitlines()), 34, out)
        self.assertIn("difference from 'base'", out)
        r = ursim("summary", self.var, "--all")
        self.assertEqual(r.returncode, 0, r.stderr)
        with h5py.File(self.var) as f:
            mean = f["comparison/stations/windows/reneged/more-windows"].attrs["mean"]
            self.assertTrue((f["comparison/stations/windows/reneged/twin"][()] == 0).all())
        lines = r.stdout.splitlines()
        i = next(i for i, l in enumerate(lines) if "stations/windows/reneged" in l)
        pair = " ".join(lines[i:i + 2])  # one line per other variant, in name order
        self.assertRegex(pair, r"twin\s+0 visitors")
        shown = float(re.search(r"more-windows\s+(-?[\d.]+)", pair).group(1))
        self.assertLess(mean, 0)  # more windows: fewer give up
        self.assertAlmostEqual(shown, mean, delta=abs(mean) * 0.01 + 0.5)
        # the baseline comes first
        self.assertLess(r.stdout.index("KPIs of base"), r.stdout.index("KPIs of more-windows"))

    def test_bad_results_files(self):
        for name, path in self.bad_files():
            with self.subTest(name=name):
                r = ursim("summary", path)
                self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
                self.assertTrue(r.stderr.startswith("ursim: "), r.stderr)
                self.assertIn(path, r.stderr)
                self.assertNotIn("HDF5-DIAG", r.stderr)
        r = ursim("summary")
        self.assertEqual(r.returncode, 2)
        self.assertIn("missing the results file", r.stderr)


if __name__ == "__main__":
    unittest.main()
