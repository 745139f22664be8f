"""The response subsystem (models/city/response*.c) through the executable,
read back as users do (h5py).

Exact tests use small scenarios with deterministic times, worked out by
hand in each YAML file's comments (and repeated in each test's docstring):

- tiny.yaml: one backlog case under seven governance variants (siloed,
  whistle, grid, unified, micro (nobody and one sunk in the grid), and siloed / whistle misrouted);
- preempt.yaml: a severity-3 case takes the responder of a severity-1 one;
- shifts.yaml: a shift change that finishes the work in hand, or hands it
  over;
- hotline.yaml: registration = occurrence + report delay + call length;
- patrol.yaml: patrol discovery, uniform on [0, cycle x grids / patrollers];
- sink_plan.yaml: the plan's sink_staff action (/plan_log, mobilisation);
- surge.yaml: sinking policy surge moving a responder after `mobilise`;
- channel.yaml: an emergency channel (120): its own desk, dispatch and
  stations, times by hand, identical under the five presets;
- escalate.yaml: disputes whose severity rises with their age;
- unsolved.yaml: an unsolved share, and satisfaction by the outcome;
- return.yaml: return base / stay (throughput lowered by exactly
  T / (2T + W)), a shock's travel factor and staff share, part-time sunk
  staff;
- variant_include.yaml (+ variant_whistle.yaml): a variant's `include:`;
  variant_include_bad.yaml (+ variant_scenario.yaml): refused.

Random ones check properties that hold draw by draw:

- busy.yaml: conservation of cases (per type, per level, in all) in every
  replication of every variant; common random numbers (two identical
  variants differ by exactly 0 in every KPI; every variant sees the same
  incidents);
- order.yaml: told all at once, cases never close later than told one after
  another, and the first response is the same.

Usage: test_response.py <ursim> <source root>
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

URSIM, ROOT = sys.argv[1], sys.argv[2]
HERE = os.path.join(ROOT, "tests", "response")
TMP = None
_outputs = {}


def setUpModule():
    global TMP
    TMP = tempfile.mkdtemp(prefix="ursim-response-")


def tearDownModule():
    shutil.rmtree(TMP, ignore_errors=True)


def ursim(*args):
    return subprocess.run([URSIM, *args], capture_output=True, text=True)


def results(name):
    """Runs tests/response/<name>.yaml (once per test run); the results file."""
    if name not in _outputs:
        out = os.path.join(TMP, name + ".h5")
        r = ursim("run", os.path.join(HERE, name + ".yaml"), "-o", out, "--quiet", "--force")
        if r.returncode != 0 or "runtime error" in r.stderr or "Sanitizer" in r.stderr:
            raise AssertionError(f"ursim run {name}.yaml failed ({r.returncode}): {r.stderr}")
        _outputs[name] = out
    return _outputs[name]


def text(b):
    return b.decode() if isinstance(b, bytes) else str(b)


class Case(unittest.TestCase):
    """Reads one results file: KPIs per variant, one value per replication."""

    scenario = None

    @classmethod
    def setUpClass(cls):
        cls.f = h5py.File(results(cls.scenario), "r")
        cls.reps = int(cls.f.attrs["replications"])

    @classmethod
    def tearDownClass(cls):
        cls.f.close()

    def variants(self):
        """The variants' names; [None] for a file without variants."""
        return list(self.f["/variants"].keys()) if "variants" in self.f else [None]

    def kpi(self, variant, path):
        base = f"/variants/{variant}/summary" if variant else "/summary"
        return self.f[f"{base}/response/{path}"][:]

    def assertKpi(self, variant, path, expected, tol=1e-9):
        """Every replication's KPI equals `expected` (to rounding)."""
        got = self.kpi(variant, path)
        self.assertEqual(len(got), self.reps)
        np.testing.assert_allclose(got, expected, rtol=0, atol=tol,
                                   err_msg=f"{variant}: response/{path}")

    def plan_log(self, variant, rep):
        log = self.f[f"/variants/{variant}/plan_log"][:]
        return [(float(r["time"]), text(r["event"]), float(r["value"]))
                for r in log[log["replication"] == rep]]


LEVELS = ("grid", "community", "street", "district")


class Tiny(Case):
    """tiny.yaml: one dispute (urban management 60 min, then police 30 min)
    open at the start in a one-grid city; travel 5 / 10 / 20 / 40 min by
    distance, dispatch 2 min. The file's comments work out every time."""

    scenario = "tiny"

    # first response (min), resolution (min), escalations, handoffs,
    # misroutes, all departments on site within 30 min (share), the level
    # the case is resolved at
    EXPECT = {
        # UM on site 2 + 20 = 22, done 82; police told 142 (60 min handoff),
        # on site 162, done 192; both on site only at 162
        "siloed": (22, 192, 0, 1, 0, 0.0, "street"),
        # both told at 2: on site 22 (<= 30), done 82 and 52
        "whistle": (22, 82, 0, 0, 0, 1.0, "street"),
        # the staff sunk into the community: UM on site 2 + 10 = 12, done 72;
        # police told at once, on site 82, done 112 (one handoff, no delay)
        "grid": (12, 112, 0, 1, 0, 0.0, "community"),
        # nearest of one pool per department (home teams): as whistle
        "unified": (22, 82, 0, 0, 0, 1.0, "street"),
        # from the grid: nobody sunk there, no pool in the community: both
        # skipped without a hop, the street team told at 2: as whistle
        "micro": (22, 82, 0, 0, 0, 1.0, "street"),
        # one of each sunk in the grid, which keeps severity 1 only: one
        # 15-min hop (the community, without a pool, costs none): on site
        # 2 + 15 + 20 = 37, done 97 and 67
        "micro-staffed": (37, 97, 2, 0, 0, 0.0, "street"),
        # misrouted first, passed on 30 min later: siloed 30 min later, one
        # more handoff (the transfer)
        "siloed-misrouted": (52, 222, 0, 2, 1, 0.0, "street"),
        "whistle-misrouted": (52, 112, 0, 1, 1, 0.0, "street"),
        # teams: district: one team per department, 40 min away (another
        # street): on site 2 + 40 = 42 (> 30), done 102 and 72
        "whistle-district": (42, 102, 0, 0, 0, 0.0, "district"),
    }

    def test_every_variant_as_worked_out_by_hand(self):
        """Each variant's first response, resolution, escalations, handoffs,
        misroutes, on-site standard and per-level counts, exactly."""
        self.assertEqual(sorted(self.variants()), sorted(self.EXPECT))
        for v, (first, resolution, esc, hand, mis, on_site, level) in self.EXPECT.items():
            with self.subTest(variant=v):
                self.assertKpi(v, "first_response_mean", first)
                self.assertKpi(v, "resolution_mean", resolution / 60)
                self.assertKpi(v, "escalations", esc)
                self.assertKpi(v, "handoffs", hand)
                self.assertKpi(v, "misroutes", mis)
                self.assertKpi(v, "standard/all_on_site_within_target", on_site)
                for l in LEVELS:
                    self.assertKpi(v, f"levels/{l}/resolved", 1 if l == level else 0)
                    self.assertKpi(v, f"levels/{l}/open", 0)
                self.assertKpi(v, "levels/unassigned/open", 0)
                self.assertKpi(v, "created", 1)
                self.assertKpi(v, "resolved", 1)
                self.assertKpi(v, "open_end", 0)
                self.assertKpi(v, "types/dispute/resolved", 1)
                # the only type: its own times are the case's
                self.assertKpi(v, "types/dispute/first_response_mean", first)
                self.assertKpi(v, "types/dispute/resolution_mean", resolution / 60)


class CaseLog(Case):
    """response.case_log: a row per case in tables/response/cases."""

    scenario = "tiny"

    def rows(self, variant):
        return self.f[f"/variants/{variant}/tables/response/cases"][:]

    def test_tiny_rows_hold_the_worked_out_times(self):
        """One case per replication: registered at 0, dispatched at 2 min,
        first on site and closed as Tiny.EXPECT says, the level it says."""
        for v, (first, resolution, esc, hand, mis, on_site, level) in Tiny.EXPECT.items():
            with self.subTest(variant=v):
                rows = self.rows(v)
                self.assertEqual(list(rows["replication"]), list(range(self.reps)))
                for row in rows:
                    self.assertEqual(row["registered"], 0)
                    self.assertEqual(row["dispatched"], 120)
                    self.assertAlmostEqual(row["first_on_site"], 60 * first, places=9)
                    self.assertAlmostEqual(row["closed"], 60 * resolution, places=9)
                    self.assertEqual(row["level"], LEVELS.index(level))
                    self.assertEqual(row["escalations"], esc)
                    self.assertEqual(row["handoffs"], hand)
                    self.assertEqual(row["misrouted"], mis)
                    self.assertEqual(row["on_time"], 1)  # no deadline


class CaseLogBusy(Case):
    """busy.yaml with case_log: the table agrees with the KPIs."""

    scenario = "busy"

    def test_rows_count_every_case_and_agree_with_the_kpis(self):
        """Per replication: a row per case created; rows with a closing time
        = resolved, without = open at the end; per type (the description
        names the type numbers) likewise; every closed row has on_time and
        satisfied 0 or 1, and its times never run backwards."""
        for v in self.variants():
            rows = self.f[f"/variants/{v}/tables/response/cases"][:]
            desc = self.f[f"/variants/{v}/tables/response/cases"].attrs["description"]
            order = [p.strip().split(" ", 1)[1] for p in
                     (desc.decode() if isinstance(desc, bytes) else desc).split("type:")[1].split(",")]
            for rep in range(self.reps):
                mine = rows[rows["replication"] == rep]
                closed = ~np.isnan(mine["closed"])
                with self.subTest(variant=v, rep=rep):
                    self.assertEqual(len(mine), self.kpi(v, "created")[rep])
                    self.assertEqual(closed.sum(), self.kpi(v, "resolved")[rep])
                    self.assertEqual((~closed).sum(), self.kpi(v, "open_end")[rep])
                    for k, name in enumerate(order):
                        self.assertEqual((mine["type"] == k).sum(),
                                         self.kpi(v, f"types/{name}/created")[rep])
                    c = mine[closed]
                    self.assertTrue(np.all(np.isin(c["on_time"], [0, 1])))
                    self.assertTrue(np.all(np.isin(c["satisfied"], [0, 1])))
                    self.assertTrue(np.all(c["registered"] >= c["occurred"]))
                    self.assertTrue(np.all(c["dispatched"] >= c["registered"]))
                    self.assertTrue(np.all(c["first_on_site"] >= c["dispatched"]))
                    self.assertTrue(np.all(c["closed"] >= c["all_on_site"]))


class JointCommand(Case):
    """joint.yaml: the plan's joint_command action (times in its header)."""

    scenario = "joint"

    def test_switch_before_dispatch_makes_departments_act_at_once(self):
        self.assertKpi("plan", "resolution_mean", 82 / 60)
        self.assertKpi("plan", "handoffs", 0)
        for rep in range(self.reps):
            events = self.plan_log("plan", rep)
            self.assertIn((60.0, "joint_command", 1.0), events)

    def test_without_the_plan_the_barrier_stays(self):
        self.assertKpi("no-plan", "resolution_mean", 192 / 60)
        self.assertKpi("no-plan", "handoffs", 1)

    def test_a_case_dispatched_before_the_switch_keeps_its_course(self):
        self.assertKpi("late", "resolution_mean", 192 / 60)
        self.assertKpi("late", "resolved", 1)
        for rep in range(self.reps):
            self.assertIn((6000.0, "joint_command", 1.0), self.plan_log("late", rep))


class Resilience(Case):
    """resilience.yaml: P(t) and the resilience loss of one late case (the
    file's header works the samples out)."""

    scenario = "resilience"

    def test_performance_series_and_loss(self):
        time = self.f["/timeseries/time"][:]
        perf = self.f["/timeseries/response/performance"][:]
        expect = {3600 * h: p for h, p in
                  [(1, 1), (2, 0), (3, 0), (4, 0), (5, 1), (6, 1), (7, 1), (8, 1)]}
        for rep in range(self.reps):
            got = {float(t): float(p) for t, p in zip(time, perf[rep]) if float(t) in expect}
            self.assertEqual(got, {float(t): float(p) for t, p in expect.items()})
        self.assertKpi(None, "resilience_loss", 2.7)
        self.assertKpi(None, "shock_episodes", 1)
        self.assertKpi(None, "worst_recovery", 3)
        self.assertKpi(None, "within_deadline", 0)
        self.assertKpi(None, "resolution_mean", 190 / 60)


class Preemption(Case):
    """preempt.yaml: the police's one responder is on a severity-1 check
    (120 min) when a severity-3 robbery's police task (30 min, after the
    fire brigade's 10 min) arrives at 30 min; travel 20 min."""

    scenario = "preempt"

    def test_preempted_task_resumes_with_its_work_left_and_travels_again(self):
        """preempt_from 3: the check's responder (on site 20) leaves at 30
        for the robbery: on site 50, done 80, back at base 100 (return
        base). The check, with 120 - 10 = 110 min left, resumes at 100:
        travels again (on site 120), done 230, back 250. Resolutions 80 and
        230: mean 155 min, p90 80 + 0.9 x 150 = 215 min; first responses
        both 20 (the check's first arrival counts). Police busy 0-250 of
        1440 min; the brigade 0-50 (done 30, back 50)."""
        v = "preempt"
        self.assertKpi(v, "preemptions", 1)
        self.assertKpi(v, "first_response_mean", 20)
        self.assertKpi(v, "resolution_mean", 155 / 60)
        self.assertKpi(v, "resolution_p90", 215 / 60)
        self.assertKpi(v, "handoffs", 1)
        self.assertKpi(v, "resolved", 2)
        self.assertKpi(v, "utilization/police/street", 250 / 1440)
        self.assertKpi(v, "utilization/fire/street", 50 / 1440)

    def test_without_preemption_the_emergency_waits(self):
        """preempt_from 0: the robbery's police task waits for the check to
        end (140) and the responder to be back (160): on site 180, done 210,
        back 230. Resolutions 140 and 210: mean 175 min, p90 140 + 0.9 x 70
        = 203 min; police busy 230 min."""
        v = "wait"
        self.assertKpi(v, "preemptions", 0)
        self.assertKpi(v, "first_response_mean", 20)
        self.assertKpi(v, "resolution_mean", 175 / 60)
        self.assertKpi(v, "resolution_p90", 203 / 60)
        self.assertKpi(v, "utilization/police/street", 230 / 1440)


class ShiftChange(Case):
    """shifts.yaml: one responder, on duty 0-1h and from 3h (shares 1, 0,
    1); one case of 90 min work, on site at 20 min (travel)."""

    scenario = "shifts"

    def test_finish_keeps_working_past_the_end_of_the_shift(self):
        """shift_change finish: the responder finishes at 110 and only then
        goes off duty once back at base (130): resolution 110 min, no
        handover; on duty 0-130 and 180-1440 (1390 min), busy 130."""
        v = "finish"
        self.assertKpi(v, "first_response_mean", 20)
        self.assertKpi(v, "resolution_mean", 110 / 60)
        self.assertKpi(v, "handovers", 0)
        self.assertKpi(v, "utilization/urban_management/street", 130 / 1390)

    def test_handover_returns_the_work_left_to_the_queue(self):
        """shift_change handover (5 min): at 60 the task (50 min left) waits
        5 min, goes back to the queue, waits for the next shift (180),
        travels again (on site 200) and is done at 250: resolution 250 min,
        first response still 20; 1 handover; on duty 0-60 and 180-1440
        (1320 min), busy 0-60 and 180-270 (back at base: 150); the
        responder going off at 60 leaves from the site, no trip back."""
        v = "handover"
        self.assertKpi(v, "first_response_mean", 20)
        self.assertKpi(v, "resolution_mean", 250 / 60)
        self.assertKpi(v, "handovers", 1)
        self.assertKpi(v, "utilization/urban_management/street", 150 / 1320)


class Hotline(Case):
    """hotline.yaml: every case is reported 10 min after it occurs to a desk
    of 50 call takers whose calls last exactly 3 min; nobody waits."""

    scenario = "hotline"

    def test_registration_is_occurrence_plus_report_delay_plus_call(self):
        """Discovery (occurrence to registration) is 10 + 3 = 13 min for
        every case; every call is answered at once; all cases (first 12
        hours only) are registered and resolved; the team arrives 20 min
        after registration and works 10 min."""
        v = None  # one scenario, no variants
        created = self.kpi(v, "created")
        self.assertTrue(np.all(created > 100), created)
        self.assertKpi(v, "discovery_mean", 13)
        self.assertKpi(v, "standard/answered_within_target", 1)
        self.assertKpi(v, "hotline_hangups", 0)
        self.assertKpi(v, "hotline/wait_served_max", 0)
        np.testing.assert_array_equal(self.kpi(v, "hotline/served"), created)
        np.testing.assert_array_equal(self.kpi(v, "resolved"), created)
        self.assertKpi(v, "first_response_mean", 20)
        self.assertKpi(v, "resolution_mean", 30 / 60)


class PatrolDiscovery(Case):
    """patrol.yaml: nobody reports; community c0 has 2 grids, c1 has 1;
    cases occur uniformly over the 3 grids in the first 12 hours."""

    scenario = "patrol"

    def pooled_mean(self, v):
        n = self.kpi(v, "created")
        np.testing.assert_array_equal(self.kpi(v, "resolved"), n)  # all found
        return float(np.sum(self.kpi(v, "discovery_mean") * n) / np.sum(n)), float(np.sum(n))

    def test_delay_is_uniform_up_to_cycle_times_grids_over_patrollers(self):
        """Two officers per community, cycle 6h: delays uniform on [0, 6h]
        in c0 (2 grids) and [0, 3h] in c1: mean 2/3 x 180 + 1/3 x 90 = 150
        min (sd 99.5 min). One grid worker per unit grid instead: [0, 6h]
        everywhere: mean 180 min (sd 103.9). The pooled mean of ~2900 cases
        lies within 4 standard errors (~7.5 min) of its expected value;
        ignoring the grids of the community (90 min) or dividing by all
        grids (135 min) would not."""
        for v, mu, sd in (("two", 150.0, 60 * np.sqrt(2.75)),
                          ("grid_workers", 180.0, 360 / np.sqrt(12))):
            with self.subTest(variant=v):
                mean, n = self.pooled_mean(v)
                self.assertLess(abs(mean - mu), 4 * sd / np.sqrt(n), (mean, mu, n))

    def test_twice_the_patrollers_halve_every_delay(self):
        """Four officers per community: the same cases draw the same
        uniforms (common random numbers), so each delay, and each
        replication's mean, is exactly half of two officers'."""
        np.testing.assert_array_equal(self.kpi("four", "created"), self.kpi("two", "created"))
        np.testing.assert_allclose(self.kpi("four", "discovery_mean"),
                                   self.kpi("two", "discovery_mean") / 2, rtol=1e-13)

    def test_nobody_patrols_nothing_is_found(self):
        """No patrollers: every case stays undiscovered and open, unassigned."""
        created = self.kpi("nobody", "created")
        np.testing.assert_array_equal(self.kpi("nobody", "undiscovered"), created)
        np.testing.assert_array_equal(self.kpi("nobody", "open_end"), created)
        np.testing.assert_array_equal(self.kpi("nobody", "levels/unassigned/open"), created)
        self.assertKpi("nobody", "resolved", 0)
        self.assertTrue(np.all(np.isnan(self.kpi("nobody", "discovery_mean"))))


class SinkStaffPlan(Case):
    """sink_plan.yaml: local_first with nobody sunk; urban management's 3
    responders and the police's 1 at the street (20 min away, one hop);
    2 noise cases (120 min) and a dispute (police 60 min, then urban
    management 30 min) open at the start."""

    scenario = "sink_plan"

    def test_plan_log_rows(self):
        """The plan sees 3 open cases at its first check (60 s) and fires;
        5 min later (360 s) sink_staff asks for 2 urban management
        responders and moves the 1 that is free."""
        for v in ("plan", "slow"):
            for rep in range(self.reps):
                with self.subTest(variant=v, replication=rep):
                    log = self.plan_log(v, rep)
                    self.assertEqual(log[0], (60.0, "fired", 3.0))
                    self.assertEqual(log[1], (360.0, "sink_staff", 1.0))
                    self.assertEqual([e for e in log if e[1] == "sink_staff"], [log[1]])
        self.assertEqual(len(self.f["/variants/no_plan/plan_log"]), 0)

    def test_sunk_responder_takes_the_next_task_in_the_community(self):
        """mobilise 30 min: joined at 36 min; the dispute's urban management
        task, told at 80, stays in the community (no hop): on site 90 (10
        min), done 120. Resolutions 140, 140, 120: mean 133.33 min; no hops
        (the community has nobody of either department at first: skipped). The moved responder is on duty in
        the community from 36 min (1404 min) and busy 50 of them (40 and
        the 10-min trip back to the community)."""
        v = "plan"
        self.assertKpi(v, "first_response_mean", 20)
        self.assertKpi(v, "resolution_mean", (140 + 140 + 120) / 3 / 60)
        self.assertKpi(v, "escalations", 0)
        self.assertKpi(v, "utilization/urban_management/community", 50 / 1404)
        # street: 2 x 1440 on duty + 6 min before the move, busy 2 x 160
        # (done 140, back at the street's base 160)
        self.assertKpi(v, "utilization/urban_management/street", 320 / (2 * 1440 + 6))

    def test_without_the_plan_the_task_climbs_to_the_street(self):
        """No plan: the task climbs to the street team: on site 100, done
        130: mean (140 + 140 + 130) / 3 min; no hops: the community, where
        nobody is sunk, is skipped (before: 4, one per task)."""
        v = "no_plan"
        self.assertKpi(v, "resolution_mean", (140 + 140 + 130) / 3 / 60)
        self.assertKpi(v, "escalations", 0)
        self.assertNotIn("community", self.f[f"/variants/{v}/summary/response/utilization/"
                                             "urban_management"])

    def test_a_task_waits_in_the_unit_for_the_responder_on_the_way(self):
        """mobilise 2h: joined at 126 min; the task told at 80 waits in the
        community for it: on site 136, done 166: mean (140 + 140 + 166) / 3
        min; on duty in the community 1314 min, busy 50 (with the trip
        back); no hops."""
        v = "slow"
        self.assertKpi(v, "resolution_mean", (140 + 140 + 166) / 3 / 60)
        self.assertKpi(v, "escalations", 0)
        self.assertKpi(v, "utilization/urban_management/community", 50 / 1314)


class Surge(Case):
    """surge.yaml: 4 noise cases (120 min) in community c0; urban
    management's 4 responders sunk 2 + 2 into c0 and c1 (which has no
    grid, so no case); travel within a community 10 min."""

    scenario = "surge"

    def test_a_free_responder_moves_to_the_busiest_unit_after_mobilise(self):
        """above 2, check 10 min, mobilise 30 min: at 10 min c0 has 2
        waiting; a free c1 responder moves, joins at 40 and takes the third
        case (on site 50, done 170); the fourth waits until the first is
        back at base (done 130, back 140): on site 150, done 270. First
        response (10 + 10 + 50 + 150) / 4 = 55 min, resolution (130 + 130 +
        170 + 270) / 4 = 175 min; on duty at the community level 3 x 1440 +
        10 + 1400 min, busy 4 x 140 (work, travel both ways)."""
        v = "surge"
        self.assertKpi(v, "first_response_mean", 55)
        self.assertKpi(v, "resolution_mean", 175 / 60)
        self.assertKpi(v, "utilization/urban_management/community", 560 / 5730)
        self.assertKpi(v, "levels/community/resolved", 4)
        self.assertKpi(v, "escalations", 0)

    def test_no_move_below_the_threshold_or_without_surge(self):
        """above 3 (2 waiting never call for help) and policy demand: the
        third and fourth cases wait until 140 (back at base): first response
        (10 + 10 + 150 + 150) / 4 = 80 min, resolution (130 + 130 + 270 +
        270) / 4 = 200 min, utilization 560 / 5760."""
        for v in ("calm", "demand"):
            with self.subTest(variant=v):
                self.assertKpi(v, "first_response_mean", 80)
                self.assertKpi(v, "resolution_mean", 200 / 60)
                self.assertKpi(v, "utilization/urban_management/community", 560 / 5760)


class EmergencyChannel(Case):
    """channel.yaml: medical cases call 120 (its own desk and dispatch) and
    are sent the nearest free ambulance from two stations; disputes go by
    the hotline and each governance preset. The file's header works out
    every medical case's times."""

    scenario = "channel"
    PRESETS = ("siloed", "grid", "whistle", "unified", "micro_grid")

    def cases(self, variant, type_index):
        t = self.f[f"/variants/{variant}/tables/response/cases"][()]
        t = t[t["type"] == type_index]
        return t[~np.isnan(t["closed"])]

    def test_times_as_worked_out_by_hand(self):
        for v in self.PRESETS:
            with self.subTest(variant=v):
                m = self.cases(v, 1)
                self.assertGreater(len(m), 20)
                np.testing.assert_allclose(m["registered"] - m["occurred"], 90, atol=1e-6)
                np.testing.assert_allclose(m["dispatched"] - m["registered"], 120, atol=1e-6)
                near = np.where(np.isin(m["grid"], [0, 3]), 120.0, 300.0)
                np.testing.assert_allclose(m["first_on_site"] - m["dispatched"], near, atol=1e-6)
                np.testing.assert_allclose(m["closed"] - m["first_on_site"], 1200, atol=1e-6)
                np.testing.assert_array_equal(m["level"], LEVELS.index("district"))
                np.testing.assert_array_equal(m["misrouted"], 0)
                np.testing.assert_array_equal(m["escalations"], 0)

    def leaves(self, variant, prefix):
        out = {}
        def visit(name, obj):
            if isinstance(obj, h5py.Dataset) and name.startswith(prefix):
                out[name] = obj[()]
        self.f[f"/variants/{variant}/summary"].visititems(visit)
        return out

    def test_identical_under_every_preset(self):
        """Every KPI of the medical type and of the 120 desk is bit-identical
        across the five presets (the same draws), while the disputes' are
        not: the presets do differ, only not for the channel."""
        for prefix in ("response/types/medical/", "response/channels/120/"):
            base = self.leaves("siloed", prefix)
            self.assertGreater(len(base), 5, prefix)
            for v in self.PRESETS[1:]:
                other = self.leaves(v, prefix)
                self.assertEqual(sorted(other), sorted(base))
                for k, x in base.items():
                    with self.subTest(variant=v, kpi=k):
                        np.testing.assert_array_equal(other[k], x)
        disputes = {v: tuple(self.kpi(v, "types/dispute/resolution_mean"))
                    for v in self.PRESETS}
        self.assertEqual(len(set(disputes.values())), len(self.PRESETS), disputes)

    def test_every_call_goes_to_its_own_desk(self):
        """120 answers exactly the medical calls (one each: nobody waits),
        the hotline exactly the disputes' calls (redials included)."""
        for v in self.PRESETS:
            with self.subTest(variant=v):
                t = self.f[f"/variants/{v}/tables/response/cases"][()]
                for rep in range(self.reps):
                    r = t[t["replication"] == rep]
                    med, dis = r[r["type"] == 1], r[r["type"] == 0]
                    self.assertTrue(np.all(med["calls"] == 1))
                    self.assertEqual(self.kpi(v, "channels/120/calls")[rep], len(med))
                    hot = self.f[f"/variants/{v}/summary/response/hotline/arrived"][rep]
                    self.assertEqual(hot, dis["calls"].sum())


class Escalation(Case):
    """escalate.yaml: one mediator; 4 noise complaints (severity 2) and 3
    disputes (severity 1) open at the start, 60 min each; disputes still
    open at 90 (150) min rise to severity 3 and jump the queue."""

    scenario = "escalate"

    EXPECT = {  # closing times (min): noise, disputes; escalated
        "never": ([60, 120, 180, 240], [300, 360, 420], 0),
        "escalate": ([60, 120, 360, 420], [180, 240, 300], 3),
        "late": ([60, 120, 180, 420], [240, 300, 360], 3),
    }

    def test_closing_times_as_worked_out_by_hand(self):
        for v, (noise, disputes, n) in self.EXPECT.items():
            with self.subTest(variant=v):
                t = self.f[f"/variants/{v}/tables/response/cases"][()]
                for k, want in ((0, noise), (1, disputes)):
                    np.testing.assert_allclose(sorted(t[t["type"] == k]["closed"] / 60), want,
                                               atol=1e-9)
                self.assertKpi(v, "escalated", n)
                self.assertKpi(v, "types/dispute/escalated", n)
                self.assertKpi(v, "types/noise/escalated", 0)
                sev = t[t["type"] == 1]["severity"]
                np.testing.assert_array_equal(sev, 3 if n else 1)


class Unsolved(Case):
    """unsolved.yaml: 400 disputes, each unsolved with probability 0.3;
    satisfied exactly when solved (satisfaction 1, 1, 0)."""

    scenario = "unsolved"

    def test_satisfaction_follows_the_outcome(self):
        solved = self.kpi(None, "solved")
        np.testing.assert_array_equal(self.kpi(None, "satisfied"), solved)
        np.testing.assert_array_equal(self.kpi(None, "types/dispute/solved"), solved)
        self.assertKpi(None, "resolved", 400)
        # binomial: 0.7 within 4.4 sd, sd = sqrt(0.7 x 0.3 / 400)
        self.assertTrue(np.all(np.abs(solved - 0.7) < 4.4 * np.sqrt(0.21 / 400)), solved)
        t = self.f["/tables/response/cases"][()]
        for rep in range(self.reps):
            rows = t[t["replication"] == rep]
            self.assertEqual(rows["solved"].mean(), solved[rep])
            np.testing.assert_array_equal(rows["satisfied"], rows["solved"])


class ReturnTrips(Case):
    """return.yaml: every trip 20 min (T), 100 disputes of 40 min (W) open
    at the start, horizon 1460 min; the file's header works it out."""

    scenario = "return"

    EXPECT = {"stay": 24, "base": 18, "snow": 18, "two": 48, "two-snow-staff": 24,
              "part-time": 24, "full-time": 48, "two-streets": 24, "own-travel": 29}

    def test_resolved_as_worked_out_by_hand(self):
        self.assertEqual(sorted(self.variants()), sorted(self.EXPECT))
        for v, n in self.EXPECT.items():
            with self.subTest(variant=v):
                self.assertKpi(v, "resolved", n)

    def test_return_base_lowers_throughput_by_travel_over_the_cycle(self):
        """1 - base / stay = T / (2T + W) = 20 / 80, exactly; busy all the
        time either way (the trip back is busy time)."""
        T, W = 20, 40
        ratio = self.kpi("base", "resolved") / self.kpi("stay", "resolved")
        np.testing.assert_allclose(1 - ratio, T / (2 * T + W), rtol=0, atol=1e-12)
        for v in ("base", "stay"):
            self.assertKpi(v, "utilization/mediators/district", 1)

    def test_per_pool_backlog_first_response_and_utilisation(self):
        """stay, one responder: 99 tasks wait after the first goes at 0, one
        fewer every 60 min; at 1440 the 25th goes and 75 wait to 1460:
        backlog area 60 x (99 + ... + 76) + 75 x 20 = 127,500 task-min,
        mean 127,500 / 1460, max 99. The pool's tasks are on site at 60 k +
        20, k = 0..24: mean 740 min; the street's 24 closed cases (closed at
        60 k, first on site 40 min earlier): mean 710 min."""
        for v, team in (("stay", "teams/mediators/district"),
                        ("two-streets", "teams/mediators/s0")):
            with self.subTest(variant=v):
                for base in (team, "pools_max"):
                    self.assertKpi(v, f"{base}/backlog_mean", 127500 / 1460)
                    self.assertKpi(v, f"{base}/backlog_max", 99)
                    self.assertKpi(v, f"{base}/first_response_mean", 740)
                    self.assertKpi(v, f"{base}/utilization", 1)
                self.assertKpi(v, "streets/s0/first_response_mean", 710)

    def test_the_worst_pool_is_not_hidden_by_the_department_average(self):
        """two-streets: every case in street s0 (s1 has no grid); one
        responder per street: the department's street level is busy half
        the time, but s0's team all the time (pools_max), s1's never."""
        v = "two-streets"
        self.assertKpi(v, "utilization/mediators/street", 0.5)
        self.assertKpi(v, "pools_max/utilization", 1)
        self.assertKpi(v, "teams/mediators/s1/utilization", 0)
        self.assertKpi(v, "teams/mediators/s1/backlog_max", 0)
        self.assertKpi(v, "streets/s0/utilization", 1)
        self.assertKpi(v, "streets/s0/backlog_max", 99)
        self.assertKpi(v, "streets/s1/utilization", 0)

    def test_shock_staff_share_takes_half_the_team_off_duty(self):
        """staff 0.5 over the whole run: one of two on duty, busy all the
        time: utilisation 1 (of the time on duty), half the throughput."""
        self.assertKpi("two-snow-staff", "utilization/mediators/district", 1)
        self.assertKpi("two", "utilization/mediators/district", 1)


class Conservation(Case):
    """busy.yaml: a busy random city (three streets, 21 grids, four
    departments with shifts, five types, sources with profiles and a
    shock, complaints and crowding from visitors, a hotline with hang-ups,
    patrols, misroutes, preemption, handover, sinking by demand and surge,
    the plan's sink_staff) under eight variants."""

    scenario = "busy"

    def test_cases_are_conserved_in_every_replication_and_variant(self):
        """Per type created = resolved + open; the levels' resolved add up to
        resolved; the levels' open (unassigned included) add up to open_end;
        created = resolved + open_end. open_end and the per-level open
        counts come from different bookkeeping (a running count, and a scan
        of the cases), so a case lost or closed twice shows."""
        for v in self.variants():
            with self.subTest(variant=v):
                s = self.f[f"/variants/{v}/summary/response"]
                created, resolved, open_end = (s[k][:] for k in ("created", "resolved",
                                                                 "open_end"))
                types = list(s["types"].keys())
                self.assertEqual(len(types), 5)
                for t in types:
                    tc, tr, to = (s[f"types/{t}/{k}"][:] for k in ("created", "resolved", "open"))
                    np.testing.assert_array_equal(tc, tr + to, err_msg=f"{v}: type {t}")
                np.testing.assert_array_equal(sum(s[f"types/{t}/created"][:] for t in types),
                                              created)
                np.testing.assert_array_equal(sum(s[f"types/{t}/resolved"][:] for t in types),
                                              resolved)
                np.testing.assert_array_equal(sum(s[f"levels/{l}/resolved"][:] for l in LEVELS),
                                              resolved)
                np.testing.assert_array_equal(
                    sum(s[f"levels/{l}/open"][:] for l in LEVELS + ("unassigned",)), open_end)
                np.testing.assert_array_equal(created, resolved + open_end)
                self.assertTrue(np.all(resolved > 0) and np.all(open_end > 0))

    def test_the_scenario_exercises_every_mechanism(self):
        """Conservation means little unless the tricky paths ran: some
        replication of some variant preempts, hands over, escalates,
        misroutes, loses hotline callers, raises complaints and crowding
        incidents, and the plan sinks staff."""
        def total(path):
            return sum(float(np.sum(self.kpi(v, path))) for v in self.variants())
        for path in ("preemptions", "handovers", "escalations", "misroutes", "hotline_hangups",
                     "hotline_lost", "types/complaint/created", "types/crowd_safety/created",
                     "levels/grid/resolved", "levels/community/resolved",
                     "levels/street/resolved", "levels/district/resolved"):
            with self.subTest(kpi=path):
                self.assertGreater(total(path), 0)
        moved = [e for rep in range(self.reps) for e in self.plan_log("grid", rep)
                 if e[1] == "sink_staff" and e[2] > 0]
        self.assertTrue(moved)


class CommonRandomNumbers(Case):
    """busy.yaml again: its first two variants are the same file."""

    scenario = "busy"

    def test_identical_variants_differ_by_exactly_zero(self):
        """grid-again has no `set`: every paired difference in /comparison
        is exactly 0 (or NaN where the KPI is NaN in both, e.g. a share of
        nothing)."""
        diffs = []
        self.f["/comparison"].visititems(
            lambda name, obj: diffs.append(name) if isinstance(obj, h5py.Dataset)
            and name.endswith("/grid-again") else None)
        self.assertGreater(len(diffs), 50)
        for name in diffs:
            d = self.f["/comparison/" + name][:]
            kpi = name[: -len("/grid-again")]
            a = self.f[f"/variants/grid/summary/{kpi}"][:]
            b = self.f[f"/variants/grid-again/summary/{kpi}"][:]
            both_nan = np.isnan(a) & np.isnan(b)
            self.assertTrue(np.all((d == 0) | both_nan), f"{name}: {d}")
            np.testing.assert_array_equal(a, b, err_msg=name)

    def test_every_variant_sees_the_same_incidents(self):
        """Sources, backlog, complaints and crowding do not depend on the
        response, so every variant creates the same cases, type by type."""
        s = self.f["/variants/grid/summary/response/types"]
        for v in self.variants()[1:]:
            for t in s:
                with self.subTest(variant=v, type=t):
                    np.testing.assert_array_equal(
                        self.f[f"/comparison/response/types/{t}/created/{v}"][:], 0)

    def test_comparison_is_the_paired_difference(self):
        """/comparison/<kpi>/<variant> = variant - first variant, per replication."""
        for path in ("resolution_mean", "escalations"):
            paired = self.kpi("siloed", path) - self.kpi("grid", path)
            np.testing.assert_array_equal(
                self.f[f"/comparison/response/{path}/siloed"][:], paired)


class ParallelNeverSlower(Case):
    """order.yaml: ample responders (nobody ever waits), travel exactly 20
    min within a street; sequential (with random handoffs) against parallel
    on the same incidents, registrations, dispatch, transfers and work."""

    scenario = "order"

    def test_parallel_never_slower_than_sequential(self):
        """Per case, parallel closes at the latest of its departments'
        finishes, sequential at their sum plus handoffs: never earlier. So
        every order statistic, and the mean, is at least as small: every
        replication's paired difference of resolution_mean and
        resolution_p90 is <= 0 (and < 0: some cases need 2-3 departments).
        The first responder arrives 20 min after the work order either way:
        first response identical. Every case closes under both orders
        (incidents only in the first 12 of 48 hours)."""
        for v in ("sequential", "parallel"):
            self.assertKpi(v, "open_end", 0)
        np.testing.assert_array_equal(self.kpi("parallel", "resolved"),
                                      self.kpi("sequential", "resolved"))
        for path in ("resolution_mean", "resolution_p90"):
            d = self.f[f"/comparison/response/{path}/parallel"][:]
            self.assertEqual(len(d), self.reps)
            self.assertTrue(np.all(d < 0), f"{path}: {d}")
        np.testing.assert_array_equal(self.f["/comparison/response/first_response_mean/parallel"][:],
                                      0)
        np.testing.assert_array_equal(self.kpi("parallel", "first_response_mean"),
                                      self.kpi("sequential", "first_response_mean"))
        self.assertEqual(text(self.f["/comparison/response/resolution_mean/parallel"]
                              .attrs["baseline"]), "sequential")


class VariantInclude(Case):
    """variant_include.yaml: tiny.yaml (included at the top) with variants
    that include variant_whistle.yaml (governance order parallel)."""

    scenario = "variant_include"

    def test_included_values_apply_then_set(self):
        """siloed: 22 / 192 min as in tiny.yaml. whistle gets the included
        order (parallel) and keeps the scenario's 2 min dispatch: 22 / 82.
        whistle-late: the same file, then `set:` a 12 min dispatch: 32 / 92."""
        for v, first, resolution, handoffs in (("siloed", 22, 192, 1), ("whistle", 22, 82, 0),
                                               ("whistle-late", 32, 92, 0)):
            with self.subTest(variant=v):
                self.assertKpi(v, "first_response_mean", first)
                self.assertKpi(v, "resolution_mean", resolution / 60)
                self.assertKpi(v, "handoffs", handoffs)

    def test_included_file_with_scenario_is_refused(self):
        """A variant's included file holding `scenario:` would change the
        replications, seed or horizon of one variant: exit status 2 and an
        error at the key, file:line:column (variant_scenario.yaml, line 6)."""
        out = os.path.join(TMP, "variant_include_bad.h5")
        r = ursim("run", os.path.join(HERE, "variant_include_bad.yaml"), "-o", out,
                  "--quiet", "--force")
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertRegex(r.stderr, r"variant_scenario\.yaml:6:1: error: .*`scenario:`")
        self.assertFalse(os.path.exists(out))


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
