"""Replays the fuzz corpus and regressions through the ursim binary, as a
planner would give them: each input's files (bundle.py) in a fresh
directory, then `ursim validate`; a regression that validates is also run
(one replication). Every exit must be 0 or 2, never a signal or a sanitizer
report, and nothing may be left behind but the results of a run that
succeeded. argv[1] is the binary, argv[2] the source tree."""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bundle  # noqa: E402

URSIM, ROOT = sys.argv[1], sys.argv[2]
HERE = os.path.join(ROOT, "tests", "fuzz")
TIMEOUT_S = 120


def inputs(kind):
    for target in ("load", "run"):
        d = os.path.join(HERE, kind, target)
        for name in sorted(os.listdir(d)):
            if not name.startswith("."):
                yield target, os.path.join(d, name)


class Replay(unittest.TestCase):
    def check(self, path, run):
        with open(path, "rb") as f:
            data = f.read()
        with tempfile.TemporaryDirectory(prefix="ursim-replay-") as d:
            scenario = bundle.write(data, d)
            before = sorted(os.listdir(d))
            r = subprocess.run([URSIM, "validate", scenario], capture_output=True, text=True,
                               errors="replace", timeout=TIMEOUT_S, cwd=d)
            self.assertIn(r.returncode, (0, 2), r.stderr[-2000:])
            for bad in ("internal error", "Sanitizer", "runtime error"):
                self.assertNotIn(bad, r.stderr)
            if run and r.returncode == 0:
                out = os.path.join(d, "out.h5")
                r = subprocess.run([URSIM, "run", scenario, "-o", out, "--replications", "1", "--threads",
                                    "1", "-q"], capture_output=True, text=True, errors="replace",
                                   timeout=TIMEOUT_S, cwd=d)
                self.assertIn(r.returncode, (0, 2), r.stderr[-2000:])
                if r.returncode == 0:
                    os.remove(out)
            self.assertEqual(sorted(os.listdir(d)), before)

    def replay(self, kind, run):
        n = 0
        for target, path in inputs(kind):
            with self.subTest(path=os.path.relpath(path, ROOT)):
                self.check(path, run)
            n += 1
        print("%s: %d inputs" % (kind, n), file=sys.stderr)

    def test_corpus(self):
        self.replay("corpus", run=False)

    def test_regressions(self):
        self.replay("regressions", run=True)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
