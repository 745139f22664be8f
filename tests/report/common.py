"""Shared by the tests of the readers of a results file: argv[1] is the
binary, argv[2] the source tree; one small run per class."""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

URSIM, ROOT = sys.argv[1], sys.argv[2]
sys.argv[1:] = sys.argv[3:]
SMALL = os.path.join(ROOT, "tests", "cli", "small.yaml")


def ursim(*args, **kw):
    return subprocess.run([URSIM, *args], capture_output=True, text=True, **kw)


def variants_yaml(directory):
    """small.yaml with a baseline, a twin and more windows."""
    with open(SMALL) as f:
        text = f.read()
    text += ("variants:\n  - name: base\n  - name: twin\n"
             "  - name: more-windows\n    set: {stations.0.servers: 26}\n")
    path = os.path.join(directory, "v.yaml")
    with open(path, "w") as f:
        f.write(text)
    return path


class Runs(unittest.TestCase):
    """A plain run (one.h5) and one with variants (v.h5) of the small hall."""

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="ursim-report-")
        cls.one = os.path.join(cls.dir, "one.h5")
        cls.var = os.path.join(cls.dir, "v.h5")
        cls.run_one = ursim("run", SMALL, "-o", cls.one, "--replications", "4")
        cls.run_var = ursim("run", variants_yaml(cls.dir), "-o", cls.var, "--replications", "4")
        assert cls.run_one.returncode == 0, cls.run_one.stderr
        assert cls.run_var.returncode == 0, cls.run_var.stderr

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def bad_files(self):
        """(name, path) of files that are not results files."""
        text = os.path.join(self.dir, "text.h5")
        with open(text, "w") as f:
            f.write("not HDF5\n")
        empty = os.path.join(self.dir, "empty.h5")
        open(empty, "w").close()
        other = os.path.join(self.dir, "other.h5")
        import h5py
        with h5py.File(other, "w") as f:
            f["x"] = [1.0, 2.0]
        cut = os.path.join(self.dir, "cut.h5")
        with open(self.one, "rb") as f, open(cut, "wb") as g:
            g.write(f.read()[:4096])
        return [("missing", os.path.join(self.dir, "nope.h5")), ("text", text),
                ("empty", empty), ("other", other), ("truncated", cut),
                ("directory", self.dir)]
