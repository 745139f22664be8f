"""`ursim run --shard I/N` and `ursim merge`: argv[1] is the binary, argv[2]
the source tree. A merge of N = 1, 3 and 7 shards (7 > the 6 units, so some
parts are empty) is the file `ursim run --threads 1` writes (common.py says
what is compared); a missing, duplicated or foreign part is refused, naming
it, with exit 2 and nothing written."""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import h5py

from common import Case, h5diff, scenario_text

URSIM, ROOT = sys.argv[1], sys.argv[2]


def ursim(*args):
    return subprocess.run([URSIM, *args], capture_output=True, text=True)


class Shards(Case):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="ursim-shard-")
        cls.scenario = os.path.join(cls.tmp, "s.yaml")
        with open(cls.scenario, "w", encoding="utf-8") as f:
            f.write(scenario_text(ROOT))
        cls.ref = os.path.join(cls.tmp, "ref.h5")
        r = ursim("run", cls.scenario, "-o", cls.ref, "--threads", "1", "--quiet")
        assert r.returncode == 0, r.stderr

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def shard(self, i, n, out, *extra):
        r = ursim("run", self.scenario, "--shard", f"{i}/{n}", "-o", out, "--threads", "2",
                  *extra)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r

    def parts(self, n, *extra):
        out = [self.path(f"part-{i}.h5") for i in range(n)]
        for i, p in enumerate(out):
            self.shard(i, n, p, *extra)
        return out

    def test_merge_is_the_single_run(self):
        for n in (1, 3, 7):
            with self.subTest(shards=n):
                parts = self.parts(n, "--force")
                out = self.path(f"merged-{n}.h5")
                r = ursim("merge", *parts, "-o", out, "--quiet")
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertSameResults(self.ref, out)
                with h5py.File(parts[-1]) as f:  # for 7 shards, an empty part
                    self.assertEqual(len(f["shard/index"]), len(range(n - 1, 6, n)))

    def test_slurm_script_roles(self):
        """scripts/slurm/run-array.sh as Slurm runs it: each array task (its
        environment faked here, no Slurm needed), then the merge."""
        script = os.path.join(ROOT, "scripts", "slurm", "run-array.sh")
        env = dict(os.environ, URSIM=URSIM, URSIM_SHARDS="3", SLURM_CPUS_PER_TASK="1")
        for i in range(3):
            r = subprocess.run(["bash", script, self.scenario, self.dir], capture_output=True,
                               text=True, env=dict(env, URSIM_STEP="shard",
                                                   SLURM_ARRAY_TASK_ID=str(i)))
            self.assertEqual(r.returncode, 0, r.stderr)
        r = subprocess.run(["bash", script, self.scenario, self.dir], capture_output=True,
                           text=True, env=dict(env, URSIM_STEP="merge"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertSameResults(self.ref, self.path("results.h5"))

    def test_comparison_can_fail(self):
        other = self.path("other.h5")
        r = ursim("run", self.scenario, "-o", other, "--threads", "1", "--seed", "24", "--quiet")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(h5diff(self.ref, other).returncode, 1)

    def test_part_says_what_it_ran(self):
        r = self.shard(1, 4, self.path("p.h5"))
        self.assertIn("shard 1/4: 2 of 6 units", r.stdout)
        with h5py.File(self.path("p.h5")) as f:
            self.assertEqual(int(f.attrs["shard_index"]), 1)
            self.assertEqual(int(f.attrs["shard_count"]), 4)
            self.assertEqual(int(f.attrs["units"]), 6)
            self.assertEqual(sorted(f["shard/index"][:, 0]), [1, 5])

    def refused(self, args, message):
        out = self.path("out.h5")
        r = ursim("merge", *args, "-o", out)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn(message, r.stderr)
        self.assertIn("nothing written", r.stderr)
        self.assertFalse(os.path.exists(out) or os.path.exists(out + ".tmp"))

    def test_missing_duplicate_and_foreign_parts(self):
        parts = self.parts(3)
        self.refused([parts[0], parts[2]], "shard 1/3 missing")
        copy = self.path("copy-of-1.h5")
        shutil.copy(parts[1], copy)
        self.refused(parts + [copy], f"shard 1/3 given twice: {parts[1]} and {copy}")
        other = self.path("seed.h5")
        self.shard(1, 3, other, "--seed", "99")
        self.refused([parts[0], other, parts[2]], "their seed differs")
        four = self.path("four.h5")
        self.shard(1, 4, four)
        self.refused([parts[0], four, parts[2]], "their number of shards differs")
        self.refused([self.ref], "not a part of a sharded run")
        self.refused([self.scenario], "not an HDF5 file")

    def test_bad_shard_option(self):
        for bad in ("3/3", "1/0", "x/2", "-1/2", "2"):
            with self.subTest(shard=bad):
                r = ursim("run", self.scenario, "--shard", bad, "-o", self.path("p.h5"))
                self.assertEqual(r.returncode, 2)
                self.assertIn("--shard", r.stderr)
                self.assertFalse(os.path.exists(self.path("p.h5")))


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
