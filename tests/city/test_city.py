"""The city model through the executable, read back as users do (h5py).

- A trigger fires at a known time and its action changes capacity after its
  delay (tests/city/trigger.yaml explains the times).
- Conservation at every queue of every site and stand:
  in_system_start + arrived = served + reneged + balked + in_system_end.
- Refunds never exceed paid visitors, site by site; the city's refunds are
  the sum of the sites'.
- The shipped Harbin scenarios run and carry the documented names.
- The Chongqing golden week: conservation, the source's 400,000 visitors,
  the 120 channel untouched by the variants, data sharing and a forecast
  firing the plan earlier.
- Visitor flow by outcome, closing with a queue, refunds by cause and the
  hotline share, on small scenarios with exact counts.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import h5py
import numpy as np

URSIM, ROOT = sys.argv[1], sys.argv[2]
HERE = os.path.join(ROOT, "tests", "city")


def run(scenario, out, *extra):
    r = subprocess.run([URSIM, "run", scenario, "-o", out, "--quiet", *extra],
                       capture_output=True, text=True)
    if r.returncode != 0:
        raise AssertionError(f"ursim failed ({r.returncode}): {r.stderr}")
    return r


def text(b):
    return b.decode() if isinstance(b, bytes) else str(b)


class Trigger(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="ursim-city-")
        cls.out = os.path.join(cls.dir, "trigger.h5")
        run(os.path.join(HERE, "trigger.yaml"), cls.out)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def test_fires_at_the_known_time_and_acts_after_the_delay(self):
        with h5py.File(self.out) as f:
            log = f["/plan_log"][:]
            reps = int(f.attrs["replications"])
            time = f["/timeseries/time"][:]
            open_ = f["/timeseries/sites/hall/servers_open"][:]
        for rep in range(reps):
            rows = log[log["replication"] == rep]
            events = [(float(r["time"]), text(r["event"]), float(r["value"])) for r in rows]
            fired = [e for e in events if e[1] == "fired"]
            acted = [e for e in events if e[1] == "open_windows"]
            rearmed = [e for e in events if e[1] == "re-armed"]
            self.assertEqual(len(fired), 1, events)
            self.assertEqual(fired[0][0], 4260.0)
            self.assertEqual(len(acted), 1, events)
            self.assertEqual(acted[0][0], 5160.0)
            self.assertEqual(acted[0][2], 5.0)  # 2 windows + 3 from the reserve
            self.assertEqual(len(rearmed), 1, events)
            self.assertGreater(rearmed[0][0], 3630.0 + 1800.0)  # after the outage
            # servers_open averaged over (5100, 5400]: 60 s at 2, 240 s at 5.
            k = int(np.where(time == 5400.0)[0][0])
            self.assertAlmostEqual(open_[rep, k], (60 * 2 + 240 * 5) / 300, places=12)
            self.assertEqual(open_[rep, k - 1], 2.0)
            self.assertEqual(open_[rep, k + 1], 5.0)


class ScenarioFiles(unittest.TestCase):
    """Runs tests/city/<name>.yaml into a scratch directory."""

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="ursim-city-files-")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def run_file(self, name):
        out = os.path.join(self.dir, name + ".h5")
        run(os.path.join(HERE, name + ".yaml"), out, "--force")
        return h5py.File(out)


class Mechanisms(ScenarioFiles):
    """Small scenarios whose outcome is known exactly (see each YAML)."""

    def test_cold_shortens_patience_exactly(self):
        with self.run_file("weather") as f:
            s = f["/variants/cold/summary/sites/hall"]
            self.assertTrue(np.all(s["served"][:] == 0))
            self.assertTrue(np.all(s["reneged"][:] > 100))
            np.testing.assert_array_equal(s["wait_all_mean"][:], 360.0)
            # a warm shelter before the first visitor: the full 10 minutes
            w = f["/variants/sheltered/summary/sites/hall"]
            self.assertTrue(np.all(w["reneged"][:] > 100))
            np.testing.assert_array_equal(w["wait_all_mean"][:], 600.0)

    def test_refunds_offered_at_closing_instead_of_complaints(self):
        with self.run_file("closing_refund") as f:
            def kpi(v, path):
                return f[f"/variants/{v}/summary/{path}"][:]
            left = kpi("send_away", "sites/hall/closed_with_queue")
            self.assertTrue(np.all(left > 50))
            np.testing.assert_array_equal(kpi("send_away", "city/complaints"), left)
            np.testing.assert_array_equal(kpi("send_away", "sites/hall/refunds"), 0)
            np.testing.assert_array_equal(kpi("refund", "sites/hall/closed_with_queue"), left)
            np.testing.assert_array_equal(kpi("refund", "sites/hall/refunds_offered"), left)
            np.testing.assert_array_equal(kpi("refund", "sites/hall/refund_amount"), 100 * left)
            np.testing.assert_array_equal(kpi("refund", "city/complaints"), 0)

    def test_reservations_stop_at_the_quota(self):
        with self.run_file("reservations") as f:
            s = f["/summary/sites/wheel"]
            np.testing.assert_array_equal(s["paid"][:], 2 * 4 * 3)  # 2 days, 4 slots, 3 places
            self.assertTrue(np.all(s["sold_out"][:] > 0))
            self.assertTrue(np.all(s["reneged"][:] == 0))


    def test_a_storm_slows_taxi_trips_by_its_factor(self):
        with self.run_file("taxi_snow") as f:
            def served(v):
                return f[f"/variants/{v}/summary/taxis/stand/served"][:]
            clear = served("clear")
            self.assertTrue(np.all(clear > 40))
            np.testing.assert_array_equal(served("snow"), clear // 2)
            np.testing.assert_array_equal(served("early-storm"), clear)

    def test_volunteers_join_and_shorten_waits(self):
        with self.run_file("volunteers") as f:
            w = f["/variants/with-volunteers/summary/taxis/stand"]
            wo = f["/variants/without/summary/taxis/stand"]
            self.assertTrue(np.all(w["volunteer_trips"][:] > 0))
            np.testing.assert_array_equal(wo["volunteer_trips"][:], 0)
            self.assertTrue(np.all(w["servers_open_mean"][:] <= 6))
            self.assertTrue(np.all(w["servers_open_mean"][:] > 1))
            np.testing.assert_array_equal(wo["servers_open_mean"][:], 1)
            diff = f["/comparison/taxis/stand/wait_served_mean/without"][:]
            self.assertTrue(np.all(diff > 0), diff)


    def test_travel_by_distance_in_the_grid_hierarchy(self):
        with self.run_file("grids") as f:
            expect = {"same-grid": 120, "same-community": 420, "same-street": 900,
                      "other-street": 2400, "listed": 900, "listed-other-street": 2400}
            for variant, seconds in expect.items():
                run_ = f[f"/variants/{variant}/summary/sites"]
                np.testing.assert_array_equal(run_["there/travel_in_mean"][:], seconds)
                np.testing.assert_array_equal(run_["home/travel_in_mean"][:], 60)


class Outcomes(ScenarioFiles):
    """Visitor flow by outcome, closing with a queue, refunds by cause and the
    hotline share: small scenarios whose counts are exact (see each YAML)."""

    def test_routing_follows_how_the_stop_ended(self):
        with self.run_file("outcomes") as f:
            def visits(variant, site):
                return f[f"/variants/{variant}/summary/sites/{site}/visits"][:]
            park = visits("open", "park")
            self.assertTrue(np.all(park > 1000))
            np.testing.assert_array_equal(visits("open", "ride"), park)
            np.testing.assert_array_equal(visits("open", "cafe"), 0)
            # common random numbers: the same visitors reach the park in all
            for v in ("capped", "no-row"):
                np.testing.assert_array_equal(visits(v, "park"), park)
                np.testing.assert_array_equal(visits(v, "ride"), 0)  # not in: not inside
            np.testing.assert_array_equal(visits("capped", "cafe"), park)
            np.testing.assert_array_equal(visits("no-row", "cafe"), 0)
            np.testing.assert_array_equal(
                f["/variants/capped/summary/city/complaints_by_cause/turned_away"][:], park)

    def test_queues_are_cleared_after_the_grace(self):
        with self.run_file("closing") as f:
            hall, booth = f["/summary/sites/hall"], f["/summary/sites/booth"]
            cleared = hall["closed_with_queue"][:]
            self.assertTrue(np.all(cleared > 20))
            # the clearing is a renege at the windows; nobody is left queuing
            np.testing.assert_array_equal(hall["reneged"][:], cleared)
            np.testing.assert_array_equal(hall["in_system_end"][:], 0)
            np.testing.assert_array_equal(
                hall["arrived"][:], hall["served"][:] + cleared)
            self.assertTrue(np.all(hall["served"][:] <= 1 + 75 // 10))
            np.testing.assert_array_equal(
                f["/summary/city/complaints_by_cause/closed_with_queue"][:], cleared)
            # the booth keeps the hall's hours: the served who reach it after 1h
            np.testing.assert_array_equal(booth["visits"][:], hall["served"][:])
            self.assertTrue(np.all(booth["closed_away"][:] > 0))
            self.assertTrue(np.all(booth["closed_away"][:] < booth["visits"][:]))

    def test_an_offered_refund_is_not_a_grievance_unless_told(self):
        with self.run_file("refunds") as f:
            q, s = "/variants/quiet/summary/", "/variants/sore/summary/"
            offered = f[q + "sites/park/refunds_offered"][:]
            self.assertTrue(np.all(offered > 10))
            np.testing.assert_array_equal(f[s + "sites/park/refunds_offered"][:], offered)
            np.testing.assert_array_equal(f[q + "sites/park/refunds"][:], offered)
            np.testing.assert_array_equal(f[q + "city/complaints"][:], 0)
            np.testing.assert_array_equal(f[s + "city/complaints"][:], offered)
            np.testing.assert_array_equal(
                f[s + "city/complaints_by_cause/refund_offered"][:], offered)
            np.testing.assert_array_equal(f[s + "city/complaints_by_cause/refund_asked"][:], 0)

    def test_a_share_of_complaints_calls_the_hotline(self):
        with self.run_file("hotline_share") as f:
            def kpi(v, path):
                return f[f"/variants/{v}/summary/{path}"][:]
            n = kpi("all-call", "city/complaints")
            self.assertTrue(np.all(n > 300))
            for v in ("none-call", "some-call"):
                np.testing.assert_array_equal(kpi(v, "city/complaints"), n)
            np.testing.assert_array_equal(kpi("all-call", "response/created"), n)
            np.testing.assert_array_equal(kpi("none-call", "response/created"), 0)
            # duplicates merge into the open case like them; every caller still calls
            created, merged = kpi("merging", "response/created"), kpi("merging", "response/merged")
            np.testing.assert_array_equal(created + merged, n)
            np.testing.assert_array_equal(kpi("merging", "response/hotline/arrived"), n)
            self.assertTrue(np.all(created < n / 10), created)
            np.testing.assert_array_equal(kpi("all-call", "response/merged"), 0)
            some = kpi("some-call", "response/created")
            # binomial(n, 0.3): 4.4 sd is the 1-in-100,000 band
            self.assertTrue(np.all(np.abs(some - 0.3 * n) <= 4.4 * np.sqrt(n * 0.21)), some)


class Sensing(ScenarioFiles):
    """What the plan sees and when: delay, noise, forecast, and the
    governance's default (see each YAML for the times)."""

    @staticmethod
    def events(f, variant, event):
        log = f[f"/variants/{variant}/plan_log"][:]
        return [(int(r["replication"]), float(r["time"]), text(r["source"]))
                for r in log if text(r["event"]) == event]

    def test_a_late_view_fires_late(self):
        with self.run_file("sensing") as f:
            for variant, fired, acted in (("on-time", 4260.0, 5160.0), ("late", 4860.0, 5760.0)):
                got = [e for e in self.events(f, variant, "fired") if e[2] == "plan.outage-alarm"]
                self.assertEqual([t for _, t, _ in got], [fired] * 3, (variant, got))
                done = self.events(f, variant, "open_windows")
                self.assertEqual([t for _, t, _ in done], [acted] * 3, (variant, done))

    def test_noise_is_lognormal_with_mean_one(self):
        # 3 x 1440 observations of a constant 60 s: the mean within 4.4
        # standard errors (cv 0.2 / sqrt(n)); the sd of the log within 4.4
        # of its standard error, sigma / sqrt(2n), of sqrt(ln(1 + 0.2^2)).
        with self.run_file("sensing") as f:
            seen = f["/variants/on-time/timeseries/plan/steady/seen"][:, 1:].ravel() / 60
        n = seen.size
        self.assertLess(abs(seen.mean() - 1), 4.4 * 0.2 / np.sqrt(n))
        sigma = np.sqrt(np.log1p(0.04))
        self.assertLess(abs(np.log(seen).std() - sigma), 4.4 * sigma / np.sqrt(2 * n))

    def test_a_forecast_warns_early(self):
        with self.run_file("forecast") as f:
            plain = [t for _, t, _ in self.events(f, "plain", "fired")]
            early = [t for _, t, _ in self.events(f, "forecast", "fired")]
            self.assertEqual(len(plain), 3)
            self.assertEqual(len(early), 3)
            for p, e in zip(plain, early):
                self.assertLessEqual(e, p - 15 * 60, (plain, early))

    def test_the_governance_says_how_late_the_plan_learns(self):
        with self.run_file("sensing_governance") as f:
            for variant, t in (("unified", 60.0), ("siloed", 1860.0), ("own-view", 60.0)):
                self.assertEqual([x for _, x, _ in self.events(f, variant, "fired")], [t] * 2,
                                 variant)


def station_groups(f):
    """Every group holding a station's KPIs (it has in_system_start)."""
    found = []
    f["/"].visititems(
        lambda name, obj: found.append(name.rsplit("/", 1)[0])
        if name.endswith("/in_system_start") and "comparison" not in name else None)
    return found


def runs(f):
    """The root of each run in a file: "/" or /variants/<name>/."""
    if "variants" in f:
        return [f"/variants/{v}/" for v in f["/variants"]]
    return ["/"]


class Harbin(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="ursim-harbin-")
        cls.files = {}
        for name, reps in (("harbin-opening-day", "3"), ("harbin-opening-day-plan", "3"),
                           ("harbin-2024-new-year", "1")):
            out = os.path.join(cls.dir, name + ".h5")
            run(os.path.join(ROOT, "scenarios", name + ".yaml"), out, "--replications", reps)
            cls.files[name] = out

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def test_conservation_at_every_queue(self):
        for name, path in self.files.items():
            with h5py.File(path) as f:
                groups = station_groups(f)
                self.assertGreater(len(groups), 3)
                for g in groups:
                    s = f[g]
                    lhs = s["in_system_start"][:] + s["arrived"][:]
                    rhs = (s["served"][:] + s["reneged"][:] + s["balked"][:]
                           + s["in_system_end"][:])
                    with self.subTest(file=name, station=g):
                        np.testing.assert_array_equal(lhs, rhs)

    def test_every_visit_is_accounted_for_at_ticketed_sites(self):
        # A visitor reaching a site with a ticket queue is turned away as
        # closed, turned away by the daily cap, or joins the ticket queue.
        for name, path in self.files.items():
            with h5py.File(path) as f:
              for run in runs(f):
                sites = f[run + "summary/sites"]
                for site in sites:
                    s = sites[site]
                    if "arrived" not in s:
                        continue
                    with self.subTest(file=name, site=site):
                        np.testing.assert_array_equal(
                            s["visits"][:],
                            s["closed_away"][:] + s["sales_suspended"][:] + s["arrived"][:])

    def test_refunds_never_exceed_paid(self):
        for name, path in self.files.items():
            with h5py.File(path) as f:
              for run in runs(f):
                sites = f[run + "summary/sites"]
                total = 0
                for site in sites:
                    refunds, paid = sites[site]["refunds"][:], sites[site]["paid"][:]
                    with self.subTest(file=name, run=run, site=site):
                        self.assertTrue(np.all(refunds <= paid))
                    total = total + refunds
                np.testing.assert_array_equal(f[run + "summary/city/refunds"][:], total)

    def test_documented_names(self):
        for path in self.files.values():
            with h5py.File(path) as f:
              for run in runs(f):
                for kpi in ("visitors", "refunds", "hours_trending", "resilience_loss",
                            "time_to_recover"):
                    self.assertIn(kpi, f[run + "summary/city"])
                for kpi in ("arrived", "served", "reneged", "balked", "wait_served_mean",
                            "wait_served_p50", "wait_served_p95", "wait_served_max",
                            "refunds"):
                    self.assertIn(kpi, f[run + "summary/sites/ice-snow-world"])
                self.assertIn("performance", f[run + "timeseries/city"])
              self.assertIn("plan_log", f)

    def test_opening_day_story(self):
        # Not a fixed number: the shape of the day the articles describe.
        with h5py.File(self.files["harbin-opening-day"]) as f:
            isw = f["/summary/sites/ice-snow-world"]
            self.assertTrue(np.all(isw["paid"][:] <= 40000))  # the daily cap
            self.assertTrue(np.all(isw["sales_suspended"][:] > 0))
            self.assertTrue(np.all(f["/summary/city/refunds"][:] > 0))
            self.assertEqual(len(f["/plan_log"]), 0)  # no plan in this file

    def test_inner_rides_only_for_those_admitted(self):
        # The slide sits inside the park: only visitors who got in (the
        # park's venue served them) go on, each with p = 0.6. Binomial:
        # at most 0.6 n + 4.4 sd (the 1-in-100,000 band), whatever the cap.
        with h5py.File(self.files["harbin-opening-day"]) as f:
            admitted = f["/summary/sites/ice-snow-world/venue/served"][:]
            slide = f["/summary/sites/giant-slide/visits"][:]
            self.assertTrue(np.all(admitted <= 40000))
            self.assertTrue(np.all(slide <= 0.6 * admitted + 4.4 * np.sqrt(0.24 * admitted)),
                            (slide, admitted))
            # nobody queues at the slide after the park's closing and grace
            self.assertTrue(np.all(f["/summary/sites/giant-slide/closed_with_queue"][:] > 0))
            np.testing.assert_array_equal(f["/summary/sites/giant-slide/venue/in_system_end"][:], 0)

    def test_plan_acts_and_is_compared(self):
        with h5py.File(self.files["harbin-opening-day-plan"]) as f:
            log = f["/variants/early/plan_log"][:]
            self.assertGreater(len(log), 0)
            events = {text(e) for e in log["event"]}
            self.assertIn("fired", events)
            self.assertIn("open_windows", events)
            self.assertIn("apology", events)
            self.assertEqual(len(f["/variants/no-plan/plan_log"]), 0)
            # Common random numbers: visitors arrive identically in every variant.
            for v in ("early", "slots", "shelter", "refund", "all"):
                d = f[f"/comparison/city/visitors/{v}"]
                np.testing.assert_array_equal(d[:], 0)
                self.assertEqual(text(d.attrs["baseline"]), "no-plan")
            paired = (f["/variants/slots/summary/city/refunds"][:]
                      - f["/variants/no-plan/summary/city/refunds"][:])
            np.testing.assert_array_equal(f["/comparison/city/refunds/slots"][:], paired)
            # The header's claim: with slots the slide's gate never holds
            # 1,000 and nobody is at it at closing, so `all` is `slots`.
            for k in ("city/complaints", "city/refunds", "city/hours_trending"):
                np.testing.assert_array_equal(f[f"/variants/all/summary/{k}"][:],
                                              f[f"/variants/slots/summary/{k}"][:])
            # and slots leave nobody queuing hours at the slide
            self.assertTrue(np.all(
                f["/variants/slots/summary/sites/giant-slide/venue/wait_served_p95"][:] < 3600))

    def test_new_year_calibration(self):
        # 3,047,900 expected visitor-trips; one replication's Poisson count
        # lies within 4.4 sd (sd = sqrt(3,047,900) ~ 1746) unless something
        # is wrong (the NHPP tests check the process itself more tightly).
        with h5py.File(self.files["harbin-2024-new-year"]) as f:
            v = f["/summary/city/visitors"][:]
            self.assertLess(abs(v[0] - 3047900), 4.4 * np.sqrt(3047900))


class Chongqing(unittest.TestCase):
    """scenarios/chongqing-yuzhong-golden-week.yaml: four variants (data
    sharing or not, a forecast or not) on common random numbers."""

    VARIANTS = ("no-sharing", "sharing", "no-sharing-forecast", "sharing-forecast")

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="ursim-chongqing-")
        cls.path = os.path.join(cls.dir, "chongqing.h5")
        run(os.path.join(ROOT, "scenarios", "chongqing-yuzhong-golden-week.yaml"), cls.path,
            "--replications", "1")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def kpi(self, f, variant, path):
        return f[f"/variants/{variant}/summary/{path}"][:]

    def test_conservation_at_every_queue(self):
        with h5py.File(self.path) as f:
            groups = station_groups(f)
            self.assertGreaterEqual(len(groups), 4 * 5)  # 3 sites, hotline, 120 desk
            for g in groups:
                s = f[g]
                with self.subTest(station=g):
                    np.testing.assert_array_equal(
                        s["in_system_start"][:] + s["arrived"][:],
                        s["served"][:] + s["reneged"][:] + s["balked"][:] + s["in_system_end"][:])

    def test_the_400000_of_the_source(self):
        # 400,000 expected visitors in groups of 1-4 (weights 3, 4, 2, 1):
        # E[g] = 2.1, E[g^2] = 5.3, so visitors are compound Poisson with
        # variance (400,000 / 2.1) x 5.3, sd ~ 1,005; each replication within
        # 4.4 sd. Every variant sees the same visitors (common random numbers).
        sd = np.sqrt(400000 / 2.1 * 5.3)
        with h5py.File(self.path) as f:
            v = self.kpi(f, "no-sharing", "city/visitors")
            self.assertTrue(np.all(np.abs(v - 400000) < 4.4 * sd), v)
            for variant in self.VARIANTS[1:]:
                for path in ("city/visitors", "sites/hongyadong/visits", "sites/cableway/served",
                             "sites/hongyadong/venue/reneged"):
                    np.testing.assert_array_equal(self.kpi(f, variant, path),
                                                  self.kpi(f, "no-sharing", path))

    def test_the_120_channel_is_the_same_whatever_the_city_sees(self):
        with h5py.File(self.path) as f:
            base = "/variants/no-sharing/summary/response/"
            names = [f"types/medical/{k}" for k in f[base + "types/medical"]]
            names += [f"channels/120/{k}" for k in ("calls", "answered_within_target", "lost")]
            self.assertTrue(np.all(f[base + "types/medical/created"][:] > 0))
            for variant in self.VARIANTS[1:]:
                for name in names:
                    with self.subTest(variant=variant, kpi=name):
                        np.testing.assert_array_equal(
                            self.kpi(f, variant, "response/" + name), f[base + name][:])

    def firings(self, f, variant, trigger):
        log = f[f"/variants/{variant}/plan_log"][:]
        out = {}
        for r in log:
            if text(r["source"]) == "plan." + trigger and text(r["event"]) == "fired":
                out.setdefault(int(r["replication"]), (float(r["time"]), text(r["detail"])))
        return out

    def test_data_sharing_and_a_forecast_warn_earlier(self):
        # The Hongyadong gate is seen 60 min late without sharing, 5 min with
        # it: the same crowd fires the trigger at least 45 min later without.
        # A forecast on the same view fires no later than the view alone.
        with h5py.File(self.path) as f:
            fired = {v: self.firings(f, v, "hongyadong-gate") for v in self.VARIANTS}
            self.assertEqual(len(fired["sharing"]), 1)
            for rep in range(1):
                late, soon = fired["no-sharing"][rep], fired["sharing"][rep]
                self.assertIn("seen 60 min late", late[1])
                self.assertIn("seen 5 min late", soon[1])
                self.assertGreaterEqual(late[0], soon[0] + 45 * 60, (late, soon))
                for view in ("no-sharing", "sharing"):
                    ahead = fired[view + "-forecast"][rep]
                    self.assertIn("forecast +30 min", ahead[1])
                    self.assertLessEqual(ahead[0], fired[view][rep][0])


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
