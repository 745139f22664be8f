"""The response model against queueing theory, through the executable.

argv[1] is the ursim binary, argv[2] the source tree. Every scenario is a
YAML file next to this one whose header comment derives the values checked:

- erlang_c.yaml: one pool of c = 3 responders, exponential work, incidents
  registered at once and nothing else in the way: M/M/3 at rho = 0.8. The
  first response is the Erlang C wait in queue Wq, the resolution
  Wq + 1/mu, the utilization rho (Erlang 1917; Kleinrock 1975, ch. 3).
- the same run, Little's law: the time average of response/tasks_waiting
  is lambda x the first response (and lambda Wq), that of
  response/open_cases lambda x the resolution (and lambda (Wq + 1/mu)).
- routes.yaml: the routes as queueing systems: home (a team per street: an
  M/M/3 and an M/M/2), nearest (one pool: M/M/5), local_first with static
  sinking (an M/M/2 per community); mean first response and utilization.
- priority.yaml: two severities in that pool, FIFO, non-preemptive priority
  and preemptive resume: the share of cases resolved within their deadline
  (only the urgent type has one; Cobham 1954 for the urgent class under non-preemptive priority;
  the urgent class alone is an M/M/3 under preemption) and the mean
  resolution over both types, which none of the three disciplines changes
  (conservation: none looks at the work, which is exponential).
- hotline.yaml: the hotline as M/M/c+M (Erlang A; Garnett, Mandelbaum &
  Reiman 2002): the share of calls answered within the target and the
  share that hang up, with the incidents' calls alone and half of them
  replaced by `other_calls`; every hang-up lost and never found, since
  nobody redials or patrols.
- patrol.yaml: unreported incidents found by patrols after a uniform delay
  on [0, cycle x grids of the community / patrollers there]: the mean
  discovery delay, and the incidents of a community nobody patrols counted
  as undiscovered.

Tolerance. Each replication gives one estimate (a mean over its window
after the warm-up); over R replications the 95% t-interval is
mean +- t(0.975, R - 1) s / sqrt(R). A check passes when

    |mean - theory| <= 2 x half-width + bias allowance

With R >= 20 replications two half-widths are at least 4.0 standard errors,
so a correct model fails one check with probability below 0.05% and any of
the ~35 checks below 2% (Bonferroni); the seeds are fixed, so the outcome is
deterministic and was checked. The bias allowance is 0: every run starts
empty, and the warm-up is many relaxation times (M/M/3 at rho = 0.8 relaxes
in about 1 / (sqrt(c mu) - sqrt(lambda))^2 = 30 h, the warm-ups are 10
days; the hotline relaxes in minutes, the patrol delays are at most 12 h,
the warm-ups a day or two), so the leftover bias is below 1e-3 of the
values, and the cases left open at the end are a few in thousands. So that
the check keeps its power, each also requires the half-width to be at most
a stated share of the theory value (1% to 6%): a mean 10% off fails.

The figures are printed (run ctest with -V to see them).
"""
import math
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import h5py
import numpy as np

URSIM, ROOT = sys.argv[1], sys.argv[2]
HERE = os.path.join(ROOT, "tests", "response_theory")
K_HALF_WIDTHS = 2.0


# ---- statistics ----

def t975(df):
    """The 0.975 quantile of Student's t with df degrees of freedom: its
    density integrated by Simpson's rule, inverted by bisection."""
    def cdf(x):
        n = 2000  # even
        u = np.linspace(0.0, x, n + 1)
        f = (1 + u * u / df) ** (-(df + 1) / 2)
        w = np.ones(n + 1)
        w[1:-1:2], w[2:-1:2] = 4, 2
        c = math.gamma((df + 1) / 2) / (math.sqrt(df * math.pi) * math.gamma(df / 2))
        return 0.5 + c * (x / n / 3) * float(np.dot(w, f))
    lo, hi = 0.0, 20.0
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if cdf(mid) < 0.975 else (lo, mid)
    return (lo + hi) / 2


def interval(x):
    """Mean and 95% half-width over the replications."""
    x = np.asarray(x, dtype=float)
    assert x.ndim == 1 and len(x) >= 2 and np.all(np.isfinite(x)), x
    return float(x.mean()), t975(len(x) - 1) * float(x.std(ddof=1)) / math.sqrt(len(x))


# ---- theory ----

def erlang_b(c, a):
    b = 1.0
    for k in range(1, c + 1):
        b = a * b / (k + a * b)
    return b


def erlang_c(c, a):
    """P(wait > 0) in M/M/c with offered load a = lambda / mu < c."""
    b = erlang_b(c, a)
    return c * b / (c - a * (1 - b))


def mmc_wq(lam, mu, c):
    return erlang_c(c, lam / mu) / (c * mu - lam)


def p_sojourn_within(d, cw, gamma, mu):
    """P(W + S <= d) for W = 0 w.p. 1 - cw, else Exp(gamma), and S ~ Exp(mu)
    independent (gamma != mu)."""
    both = (gamma * math.exp(-mu * d) - mu * math.exp(-gamma * d)) / (gamma - mu)
    return 1 - ((1 - cw) * math.exp(-mu * d) + cw * both)


def erlang_a(lam, mu, theta, c, target, extra=400, steps=4000):
    """M/M/c+M: (P(hang up), P(answered within target)) of an arriving call.

    The birth-death chain p[n] (death rate min(n, c) mu + (n - c)+ theta), seen
    by arrivals (PASTA). A call finding k = n - c >= 0 waiting ahead, while j
    are ahead, moves up at rate c mu + j theta or hangs up at rate theta: the
    stage lasts Exp(c mu + (j + 1) theta) whichever happens, independently
    (tests/station/theory.c), so P(served | k) = c mu / (c mu + (k + 1)
    theta) and P(served, wait <= T | k) = P(served | k) F_k(T), F_k the CDF of
    the sum of the stages k..0: dF_k/dt = r_k (F_{k-1} - F_k), F_{-1} = 1,
    integrated by RK4. The chain is cut `extra` places beyond c (checked)."""
    n = np.arange(c + extra + 1)
    death = np.minimum(n, c) * mu + np.maximum(n - c, 0) * theta
    p = np.ones(len(n))
    for i in range(1, len(n)):
        p[i] = p[i - 1] * lam / death[i]
    p /= p.sum()
    assert p[-1] < 1e-100, p[-1]
    k = np.arange(extra + 1)
    rate = c * mu + (k + 1) * theta
    f = np.zeros(extra + 1)
    h = target / steps

    def deriv(f):
        return rate * (np.concatenate(([1.0], f[:-1])) - f)

    for _ in range(steps):
        k1 = deriv(f)
        k2 = deriv(f + h / 2 * k1)
        k3 = deriv(f + h / 2 * k2)
        k4 = deriv(f + h * k3)
        f = f + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
    assert abs(f[0] - (1 - math.exp(-rate[0] * target))) < 1e-10  # one stage: exact
    served = c * mu / (c * mu + (k + 1) * theta)
    return float(np.sum(p[c:] * (1 - served))), float(p[:c].sum() + np.sum(p[c:] * served * f))


# ---- running ----

def run(scenario, out):
    r = subprocess.run([URSIM, "run", os.path.join(HERE, scenario), "-o", out, "--quiet",
                        "--force"], capture_output=True, text=True)
    if r.returncode != 0:
        raise AssertionError(f"ursim failed on {scenario} ({r.returncode}): {r.stderr}")


def summary(f, kpi, variant=None):
    base = f"variants/{variant}/" if variant else ""
    return f[f"{base}summary/response/{kpi}"][()]


def window_mean(f, series, warmup_s):
    """Per replication: the mean of the samples after the warm-up."""
    t = f["timeseries/time"][()]
    x = f[f"timeseries/response/{series}"][()]
    return x[:, t > warmup_s].mean(axis=1)


class Theory(unittest.TestCase):
    scenario = None
    out = None

    @classmethod
    def setUpClass(cls):
        if cls.scenario is None:
            raise unittest.SkipTest("base class")
        cls.dir = tempfile.mkdtemp(prefix="ursim-resp-theory-")
        cls.out = os.path.join(cls.dir, "out.h5")
        run(cls.scenario, cls.out)
        cls.f = h5py.File(cls.out, "r")

    @classmethod
    def tearDownClass(cls):
        if cls.scenario is not None:
            cls.f.close()
            shutil.rmtree(cls.dir, ignore_errors=True)

    def near(self, label, x, theory, max_rel_hw, scale=None):
        """The check described in the module docstring; the half-width must be
        at most max_rel_hw x scale (default: the theory value)."""
        mean, hw = interval(x)
        scale = abs(theory) if scale is None else scale
        ok = abs(mean - theory) <= K_HALF_WIDTHS * hw
        print(f"  {label:<48} theory {theory:10.4f}  sim {mean:10.4f} +- {hw:.4f}"
              f"  ({len(x)} reps; {'ok' if ok else 'FAIL'})", file=sys.stderr)
        self.assertLessEqual(hw, max_rel_hw * scale,
                             f"{label}: the interval is too wide to test anything")
        self.assertTrue(ok, f"{label}: theory {theory} outside {mean} +- {K_HALF_WIDTHS} x {hw}")


class ErlangC(Theory):
    """erlang_c.yaml: M/M/3, lambda = 2.4/h (0.8/h on each of 3 unit grids;
    the 2 extended grids have none), mu = 1/h, warm-up 10 d, 600 d window."""
    scenario = "erlang_c.yaml"
    LAM, MU, C, WARMUP_S, WINDOW_H = 2.4, 1.0, 3, 10 * 86400.0, 600 * 24.0

    def test_waits(self):
        wq = mmc_wq(self.LAM, self.MU, self.C)  # hours
        print(f"\nM/M/3 at rho 0.8: Erlang C {erlang_c(self.C, self.LAM / self.MU):.6f},"
              f" Wq {wq * 60:.3f} min", file=sys.stderr)
        self.near("first_response_mean (min) = Wq", summary(self.f, "first_response_mean"),
                  wq * 60, 0.05)
        self.near("resolution_mean (h) = Wq + 1/mu", summary(self.f, "resolution_mean"),
                  wq + 1 / self.MU, 0.03)
        self.near("utilization = rho", summary(self.f, "utilization/crew/district"),
                  self.LAM / (self.C * self.MU), 0.01)
        # the rate is per grid of the source's kind: 3 unit grids x 0.8/h
        self.near("hotline calls in the window = lambda T", summary(self.f, "hotline/arrived"),
                  self.LAM * self.WINDOW_H, 0.01)
        # registration is immediate: no call waits, nothing is lost
        self.assertTrue(np.all(summary(self.f, "standard/answered_within_target") == 1.0))
        self.assertTrue(np.all(summary(self.f, "hotline_lost") == 0))
        self.assertTrue(np.all(summary(self.f, "discovery_mean") == 0))
        self.assertTrue(np.all(summary(self.f, "created") - summary(self.f, "resolved")
                               == summary(self.f, "open_end")))

    def test_littles_law(self):
        wq = mmc_wq(self.LAM, self.MU, self.C)
        lam = summary(self.f, "hotline/arrived") / self.WINDOW_H  # per replication, per hour
        waiting = window_mean(self.f, "tasks_waiting", self.WARMUP_S)
        open_ = window_mean(self.f, "open_cases", self.WARMUP_S)
        wait_h = summary(self.f, "first_response_mean") / 60
        res_h = summary(self.f, "resolution_mean")
        print("\nLittle's law (series sampled every 15 min after the warm-up):", file=sys.stderr)
        # a sample-path identity: replication by replication, L - lambda W -> 0
        self.near("tasks_waiting - lambda x first response", waiting - lam * wait_h, 0.0,
                  0.02, scale=self.LAM * wq)
        self.near("open_cases - lambda x resolution", open_ - lam * res_h, 0.0,
                  0.02, scale=self.LAM * (wq + 1 / self.MU))
        self.near("tasks_waiting = lambda Wq (theory)", waiting, self.LAM * wq, 0.05)
        self.near("open_cases = lambda (Wq + 1/mu) (theory)", open_,
                  self.LAM * (wq + 1 / self.MU), 0.03)


class Priority(Theory):
    """priority.yaml: the Erlang C pool with urgent (severity 2, 0.8/h,
    deadline 2 h) and routine (severity 1, 1.6/h) cases."""
    scenario = "priority.yaml"
    LH, LL, MU, C, DEADLINE_H = 0.8, 1.6, 1.0, 3, 2.0

    def test_disciplines(self):
        lam = self.LH + self.LL
        wq = mmc_wq(lam, self.MU, self.C)
        cw = {"fcfs": (erlang_c(self.C, lam / self.MU), self.C * self.MU - lam),
              "priority": (erlang_c(self.C, lam / self.MU), self.C * self.MU - self.LH),
              "preempt": (erlang_c(self.C, self.LH / self.MU), self.C * self.MU - self.LH)}
        for variant, (p_wait, gamma) in cw.items():
            with self.subTest(variant=variant):
                print(f"\n{variant}:", file=sys.stderr)
                p = p_sojourn_within(self.DEADLINE_H, p_wait, gamma, self.MU)
                self.near(f"{variant}: within_deadline",
                          summary(self.f, "within_deadline", variant),
                          (self.LL + self.LH * p) / lam, 0.01)
                self.near(f"{variant}: resolution_mean (h) = Wq + 1/mu",
                          summary(self.f, "resolution_mean", variant), wq + 1 / self.MU, 0.03)
                if variant != "preempt":
                    self.near(f"{variant}: first_response_mean (min) = Wq",
                              summary(self.f, "first_response_mean", variant), wq * 60, 0.06)
                preempted = summary(self.f, "preemptions", variant)
                if variant == "preempt":
                    self.assertTrue(np.all(preempted > 0))
                else:
                    self.assertTrue(np.all(preempted == 0))


class Routes(Theory):
    """routes.yaml: 2 streets of 1 community and 2 unit grids each, 0.6/h per
    grid, 5 responders, mu = 1/h."""
    scenario = "routes.yaml"

    def test_routes(self):
        half = 1.2  # per street (= per community), per hour
        wq = {"home": (mmc_wq(half, 1.0, 3) + mmc_wq(half, 1.0, 2)) / 2,
              "nearest": mmc_wq(2 * half, 1.0, 5),
              "local_first": mmc_wq(half, 1.0, 2)}
        busy = {"home": {"street": 2 * half / 5}, "nearest": {"street": 2 * half / 5},
                "local_first": {"community": half / 2, "street": 0.0}}
        for variant in wq:
            with self.subTest(variant=variant):
                print(f"\nroute {variant}:", file=sys.stderr)
                self.near(f"{variant}: first_response_mean (min)",
                          summary(self.f, "first_response_mean", variant), wq[variant] * 60, 0.05)
                self.near(f"{variant}: resolution_mean (h)",
                          summary(self.f, "resolution_mean", variant), wq[variant] + 1, 0.02)
                levels = f"variants/{variant}/summary/response/utilization/crew"
                self.assertEqual(sorted(self.f[levels].keys()), sorted(busy[variant]))
                for level, rho in busy[variant].items():
                    x = summary(self.f, f"utilization/crew/{level}", variant)
                    if rho == 0:
                        self.assertTrue(np.all(x == 0), level)
                    else:
                        self.near(f"{variant}: utilization at {level}", x, rho, 0.02)
                self.assertTrue(np.all(summary(self.f, "escalations", variant) == 0))


class Hotline(Theory):
    """hotline.yaml: M/M/5+M, lambda = 70/h, mu = 15/h, theta = 30/h, target 30 s."""
    scenario = "hotline.yaml"
    LAM, MU, THETA, C, TARGET_H = 70.0, 15.0, 30.0, 5, 30 / 3600

    def test_erlang_a(self):
        p_ab, within = erlang_a(self.LAM, self.MU, self.THETA, self.C, self.TARGET_H)
        for variant in ("incidents", "questions"):
            with self.subTest(variant=variant):
                print(f"\nhotline, M/M/5+M, {variant}:", file=sys.stderr)
                self.near(f"{variant}: standard/answered_within_target",
                          summary(self.f, "standard/answered_within_target", variant), within,
                          0.02)
                self.near(f"{variant}: hotline/abandonment_share",
                          summary(self.f, "hotline/abandonment_share", variant), p_ab, 0.03)
                # nobody redials or patrols: every hang-up of a case's call is
                # lost and never found; hotline_hangups counts the questions too
                hangups = summary(self.f, "hotline_hangups", variant)
                lost = summary(self.f, "hotline_lost", variant)
                self.assertTrue(np.all(lost > 0))
                self.assertTrue(np.array_equal(summary(self.f, "hotline/reneged", variant),
                                               hangups))
                self.assertTrue(np.array_equal(summary(self.f, "undiscovered", variant), lost))
                if variant == "incidents":
                    self.assertTrue(np.array_equal(lost, hangups))
                else:  # about half the hang-ups are questions
                    self.near(f"{variant}: case calls' share of hang-ups", lost / hangups, 0.5,
                              0.05)


class Patrol(Theory):
    """patrol.yaml: listed grids A (4 grids), B (2), P (1, a park); 1/h in each."""
    scenario = "patrol.yaml"
    CYCLE_MIN, WINDOW_H = 360.0, 30 * 24.0

    def test_discovery(self):
        c = self.CYCLE_MIN
        # uniform on [0, C G / P]: mean C G / (2 P), grids weighted by incidents (equal)
        workers = (4 * (c * 4 / 3 / 2) + 2 * (c * 2 / 2 / 2)) / 6  # P = 3, 2, 0
        officers = (4 * (c * 4 / 2 / 2) + 2 * (c * 2 / 2 / 2) + 1 * (c * 1 / 2 / 2)) / 7
        print("\npatrol discovery:", file=sys.stderr)
        self.near("grid_workers: discovery_mean (min)",
                  summary(self.f, "discovery_mean", "grid_workers"), workers, 0.01)
        self.near("grid_workers: undiscovered = 1/h x window",
                  summary(self.f, "undiscovered", "grid_workers"), 1.0 * self.WINDOW_H, 0.05)
        self.near("officers: discovery_mean (min)",
                  summary(self.f, "discovery_mean", "officers"), officers, 0.01)
        self.assertTrue(np.all(summary(self.f, "undiscovered", "officers") == 0))


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
