"""Where a difference comes from, through the executable (h5py), on small
variant scenarios:

- tests/response/busy.yaml (8 variants, 3 replications, a case log): in
  every /comparison/<kpi>/by_<dimension>/<variant>/ the parts' differences
  sum to the KPI's paired difference in each replication; mean, sd, the 95%
  t-interval (scipy) and the share agree with the per-replication values;
  the identical variant's parts are exactly 0; the parts of the response's
  KPIs are worked out again from the case log (counts, sums over the window's
  cases, ok_k / N) for every type, grid and street; the file is the same
  with 1 and 2 threads; the warnings printed are exactly the clear
  differences with a part above half, the summary shows at most 6 of them;
- tests/compare/sites.yaml (two ticket halls, one loses a window): the
  city's complaints, refunds and refund amount by site are each site's own
  KPIs, their differences sum to the city's, and most of the extra
  complaints come from site east, which the warning names;
- tests/response/tiny.yaml (one case, times by hand): whistle resolves it
  in 82 min against siloed's 192, so resolution_mean differs by -110/60 h,
  all of it from type dispute, grid u0, street s0 (one part each: no warning).

Usage: test_compare.py <ursim> <source root>
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

import h5py
import numpy as np
from scipy import stats

URSIM, ROOT = sys.argv[1], sys.argv[2]
BUSY = os.path.join(ROOT, "tests", "response", "busy.yaml")
TINY = os.path.join(ROOT, "tests", "response", "tiny.yaml")
TMP = None
_runs = {}
WARMUP_S = 7200.0      # busy.yaml: warmup 2h
UNIT_GRIDS = 18        # busy.yaml: 18 unit grids, then 3 extended
VARIANTS = ["grid", "grid-again", "surge", "micro", "siloed", "unified", "night-off",
            "understaffed"]  # busy.yaml's, in order


def setUpModule():
    global TMP
    TMP = tempfile.mkdtemp(prefix="ursim-compare-")


def tearDownModule():
    shutil.rmtree(TMP, ignore_errors=True)


def run(scenario, *extra):
    key = (scenario, extra)
    if key not in _runs:
        out = os.path.join(TMP, f"run{len(_runs)}.h5")
        r = subprocess.run([URSIM, "run", scenario, "-o", out, *extra], capture_output=True,
                           text=True)
        assert r.returncode == 0, r.stderr
        _runs[key] = (out, r.stdout)
    return _runs[key]


def text(x):
    return x.decode() if isinstance(x, bytes) else x


def splits(f, leads=False):
    """{(kpi, dimension, variant): group} for every split against the baseline
    in the file; with leads, {(kpi, dimension, best, runner-up): group}."""
    found = {}

    def visit(name, obj):
        parts = name.split("/")
        if not isinstance(obj, h5py.Group) or len(parts) < 3:
            return
        if not leads and parts[-2].startswith("by_") and "diff" in obj:
            found[("/".join(parts[:-2]), parts[-2][3:], parts[-1])] = obj
        if leads and parts[-3].startswith("by_") and parts[-1].startswith("over_"):
            found[("/".join(parts[:-3]), parts[-3][3:], parts[-2], parts[-1][5:])] = obj
    f["/comparison"].visititems(visit)
    return found


def parts_of(g):
    return dict(zip([text(n) for n in g["part"][:]], g["diff"][:]))


class Busy(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.path, cls.out = run(BUSY, "--all", "--threads", "2")
        cls.f = h5py.File(cls.path, "r")
        cls.s = splits(cls.f)

    @classmethod
    def tearDownClass(cls):
        cls.f.close()

    def test_every_kpi_split(self):
        want = {"response/within_deadline", "response/first_response_mean",
                "response/resolution_mean", "response/created", "response/resolved",
                "city/complaints", "city/refunds", "city/refund_amount",
                "city/served_well_share"}
        self.assertEqual({k for k, _, _ in self.s}, want)
        dims = {(k, d) for k, d, _ in self.s}
        for k in want:
            expect = ({"site", "cause"} if k == "city/complaints" else
                      {"queue"} if k == "city/served_well_share" else
                      {"site"} if k.startswith("city/") else {"type", "street", "grid", "origin"})
            self.assertEqual({d for kk, d in dims if kk == k}, expect, k)
        self.assertEqual(len(self.s), len(dims) * 7)  # every variant but the baseline

    def test_parts_sum_to_the_difference(self):
        for (kpi, dim, var), g in self.s.items():
            with self.subTest(kpi=kpi, dim=dim, var=var):
                total = self.f[f"/comparison/{kpi}/{var}"][:]
                diff = g["diff"][:]
                self.assertEqual(diff.shape, (len(g["part"]), 3))
                ok = np.isfinite(total)
                self.assertTrue(np.all(np.isnan(diff[:, ~ok])))
                np.testing.assert_allclose(diff[:, ok].sum(axis=0), total[ok], rtol=1e-12,
                                           atol=1e-12)

    def test_aggregates(self):
        t = stats.t.ppf(0.975, 2)
        for (kpi, dim, var), g in self.s.items():
            with self.subTest(kpi=kpi, dim=dim, var=var):
                d = g["diff"][:]
                m, sd = d.mean(axis=1), d.std(axis=1, ddof=1)
                np.testing.assert_allclose(g["mean"][:], m, rtol=1e-12, atol=1e-12)
                np.testing.assert_allclose(g["sd"][:], sd, rtol=1e-9, atol=1e-12)
                # the half-widths: GSL's t quantile agrees with scipy's to ~1e-9
                half = t * sd / np.sqrt(3)
                np.testing.assert_allclose(g["ci95_hi"][:] - m, half, rtol=1e-8, atol=1e-12)
                np.testing.assert_allclose(m - g["ci95_lo"][:], half, rtol=1e-8, atol=1e-12)
                tm = self.f[f"/comparison/{kpi}/{var}"].attrs["mean"]
                if tm != 0:
                    np.testing.assert_allclose(g["share"][:], m / tm, rtol=1e-12)
                    self.assertAlmostEqual(g["share"][:].sum(), 1.0, places=9)
                else:
                    self.assertTrue(np.all(np.isnan(g["share"][:])))
                self.assertEqual(text(g["diff"].attrs["baseline"]), "grid")
                self.assertEqual(text(g["diff"].attrs["dimension"]), dim)

    def test_identical_variant_is_zero(self):
        for (kpi, dim, var), g in self.s.items():
            if var == "grid-again":
                self.assertTrue(np.all(g["diff"][:] == 0), (kpi, dim))

    def parts_from_log(self, var, dim):
        """Each replication's parts of the response's KPIs, from the case log."""
        f = self.f
        t = f[f"/variants/{var}/tables/response/cases"][:]
        doc = text(f[f"/variants/{var}/tables/response/cases"].attrs["description"])
        names = dict((int(i), n) for i, n in re.findall(r"(\d+) (\w+)", doc.split("type:")[-1]))

        def name(row):
            if dim == "type":
                return names[int(row["type"])]
            if dim == "street":
                return f"s{int(row['street'])}"
            g = int(row["grid"])
            return f"u{g}" if g < UNIT_GRIDS else f"x{g - UNIT_GRIDS}"
        out = []
        for r in range(3):
            rows = t[t["replication"] == r]
            closed = rows[np.isfinite(rows["closed"]) & (rows["closed"] >= WARMUP_S)]
            wd = f[f"/variants/{var}/summary/response/within_deadline"][r]
            ok_all = closed["on_time"].sum()
            p = {}
            for row in rows:
                c = p.setdefault(name(row), np.zeros(5))
                c[3] += 1
                c[4] += np.isfinite(row["closed"])
            for row in closed:
                c = p[name(row)]
                c[0] += row["on_time"] * wd / ok_all
                c[1] += (row["first_on_site"] - row["registered"]) / len(closed) / 60
                c[2] += (row["closed"] - row["registered"]) / len(closed) / 3600
            out.append(p)
        return out

    def test_parts_from_the_case_log(self):
        kpis = ["within_deadline", "first_response_mean", "resolution_mean", "created",
                "resolved"]
        for var in ["surge", "siloed", "understaffed"]:
            for dim in ["type", "street", "grid"]:
                a, b = self.parts_from_log("grid", dim), self.parts_from_log(var, dim)
                for j, kpi in enumerate(kpis):
                    with self.subTest(var=var, dim=dim, kpi=kpi):
                        got = parts_of(self.s[(f"response/{kpi}", dim, var)])
                        for part, d in got.items():
                            want = [b[r].get(part, np.zeros(5))[j] - a[r].get(part, np.zeros(5))[j]
                                    for r in range(3)]
                            np.testing.assert_allclose(d, want, rtol=1e-9, atol=1e-12,
                                                       err_msg=part)

    def test_same_file_for_any_thread_count(self):
        path1, _ = run(BUSY, "--all", "--threads", "1")

        def datasets(f):
            found = {}
            f["/comparison"].visititems(
                lambda n, o: found.__setitem__(n, o[:]) if isinstance(o, h5py.Dataset) else None)
            return found
        with h5py.File(path1, "r") as f1:
            one, two = datasets(f1), datasets(self.f)
        self.assertEqual(sorted(one), sorted(two))
        self.assertTrue(any(n.endswith("/part") for n in one))
        for name, a in one.items():
            if name.endswith("/part"):
                self.assertEqual([text(x) for x in a], [text(x) for x in two[name]], name)
            else:
                self.assertEqual(a.tobytes(), two[name].tobytes(), name)

    def test_leads(self):
        """For the KPIs with a direction, the best variant by mean against the
        runner-up: its split sums to their paired difference and is the
        difference of their splits against the baseline, part by part."""
        leads = splits(self.f, leads=True)
        want = set()  # the KPIs with parts, a direction and a lead over a runner-up
        for kpi in {k for k, _, _ in self.s}:
            better = self.f[f"/variants/grid/summary/{kpi}"].attrs.get("better")
            if better is None or text(better) == "neither":
                continue
            sign = 1 if text(better) == "higher" else -1
            means = {v: sign * self.f[f"/variants/{v}/summary/{kpi}"].attrs["mean"]
                     for v in VARIANTS}
            order = sorted(means, key=lambda v: -means[v])  # stable: ties in variant order
            if means[order[0]] > means[order[1]] and order[1] != "grid":
                want.add((kpi, order[0], order[1]))
        self.assertEqual({(k, b, a) for k, _, b, a in leads}, want)
        self.assertIn("response/within_deadline", {k for k, _, _ in want})
        for (kpi, dim, best, second), g in leads.items():
            with self.subTest(kpi=kpi, dim=dim):
                total = (self.f[f"/variants/{best}/summary/{kpi}"][:] -
                         self.f[f"/variants/{second}/summary/{kpi}"][:])
                np.testing.assert_allclose(g["diff"][:].sum(axis=0), total, rtol=1e-12,
                                           atol=1e-12)
                b, a = parts_of(self.s[(kpi, dim, best)]), parts_of(self.s[(kpi, dim, second)])
                for part, d in parts_of(g).items():
                    np.testing.assert_allclose(d, b[part] - a[part], rtol=1e-12, atol=1e-12)
                self.assertEqual(text(g["diff"].attrs["against"]), second)
                np.testing.assert_allclose(g["share"][:], g["mean"][:] / total.mean(),
                                           rtol=1e-9)

    def expected_warnings(self):
        """(kpi, variant, against) -> {dimension: (part, share)} for clear,
        concentrated differences, against the baseline and leads, along
        dimensions of at least two parts (one part says nothing of where)."""
        want = {}
        found = [(k, d, v, "grid", g) for (k, d, v), g in self.s.items()]
        found += [(k, d, v, a, g) for (k, d, v, a), g in splits(self.f, leads=True).items()]
        for kpi, dim, var, against, g in found:
            total = (self.f[f"/variants/{var}/summary/{kpi}"][:] -
                     self.f[f"/variants/{against}/summary/{kpi}"][:])
            half = stats.t.ppf(0.975, 2) * total.std(ddof=1) / np.sqrt(3)
            if not (total.mean() - half > 0 or total.mean() + half < 0):
                continue
            share = g["share"][:]
            if share.size < 2:
                continue
            i = int(np.nanargmax(share))
            if share[i] > 0.5:
                want.setdefault((kpi, var, against), {})[dim] = (text(g["part"][i]), share[i])
        return want

    def test_warnings_are_the_concentrated_differences(self):
        want = self.expected_warnings()
        self.assertGreater(len(want), 6)  # enough for the summary's limit below
        lines = [l for l in self.out.splitlines() if l.startswith("warning: ")]
        got = {}
        for line in lines:
            m = (re.match(r"warning: (\S+) (\S+) - (grid) = \S+ \[\S+, \S+\]: (.*) "
                          r"\(/comparison/\1/by_\*/\)$", line) or
                 re.match(r"warning: (\S+): (\S+) leads (\S+) by \S+ \[\S+, \S+\]: (.*) "
                          r"\(/comparison/\1/by_\*/\2/over_\3/\)$", line))
            self.assertIsNotNone(m, line)
            got[(m[1], m[2], m[3])] = {d: (p, float(s) / 100) for s, d, p in
                                       re.findall(r"(\d+)% from (\w+) (\S+?)(?:,|$)", m[4])}
        self.assertEqual(set(got), set(want))
        for key, dims in want.items():
            self.assertEqual(set(got[key]), set(dims), key)
            for d, (part, share) in dims.items():
                self.assertEqual(got[key][d][0], part)
                self.assertAlmostEqual(got[key][d][1], share, delta=0.005)

    def test_summary_shows_at_most_six(self):
        _, out = run(BUSY)
        lines = [l for l in out.splitlines() if l.startswith("warning: ")]
        n = len(self.expected_warnings())
        self.assertEqual(len(lines), 7)
        self.assertIn(f"warning: {n - 6} more differences come mostly from one part", lines[-1])


class Sites(unittest.TestCase):
    def test_by_site(self):
        path, out = run(os.path.join(ROOT, "tests", "compare", "sites.yaml"))
        v, base = "east-one-window", "two-windows"
        with h5py.File(path, "r") as f:
            for kpi in ["complaints", "refunds", "refund_amount"]:
                g = f[f"/comparison/city/{kpi}/by_site/{v}"]
                parts = parts_of(g)
                self.assertEqual(list(parts), ["west", "east"])
                for site, d in parts.items():
                    own = (f[f"/variants/{v}/summary/sites/{site}/{kpi}"][:] -
                           f[f"/variants/{base}/summary/sites/{site}/{kpi}"][:])
                    np.testing.assert_array_equal(d, own)
                np.testing.assert_array_equal(sum(parts.values()),
                                              f[f"/comparison/city/{kpi}/{v}"][:])
            share = f[f"/comparison/city/complaints/by_site/{v}/share"][:]
            self.assertGreater(share[1], 0.5)
        self.assertRegex(out, r"warning: city/complaints east-one-window - two-windows = \+\S+ "
                              r"\[\S+, \S+\]: (\d+% from \w+ \S+, )*\d+% from site east"
                              r" \(/comparison/city/complaints/by_\*/\)")


class Tiny(unittest.TestCase):
    def test_by_hand(self):
        path, out = run(TINY)
        with h5py.File(path, "r") as f:
            for dim, part in [("type", "dispute"), ("grid", "u0"), ("street", "s0")]:
                g = f[f"/comparison/response/resolution_mean/by_{dim}/whistle"]
                self.assertEqual([text(p) for p in g["part"][:]], [part])
                np.testing.assert_allclose(g["diff"][:], [[(82 - 192) / 60] * 2], rtol=1e-12)
                self.assertEqual(g["share"][0], 1.0)
                g = f[f"/comparison/response/first_response_mean/by_{dim}/grid"]
                np.testing.assert_allclose(g["diff"][:], [[12 - 22] * 2], rtol=1e-12)
                g = f[f"/comparison/response/created/by_{dim}/grid"]
                self.assertTrue(np.all(g["diff"][:] == 0))
        # one type, one grid, one street: the file has the split, but a
        # dimension of one part says nothing of where, so nothing is warned
        self.assertNotIn("warning: response/resolution_mean", out)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
