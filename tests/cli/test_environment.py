"""ursim in a hostile environment: signals mid-run and during the final
write, a full disk, a read-only directory, an output path that is a
directory, a memory limit, and scenario paths that are no files (a FIFO,
/dev/zero, a 50 MB file). argv: URSIM SOURCE_TREE SIGNAL_AT_SHIM SANITIZED
(ON/OFF). Whatever happens, an existing results file stays as it was and no
partial one (nor OUT.h5.tmp) is left."""
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

URSIM, ROOT, SHIM = sys.argv[1:4]
SANITIZED = len(sys.argv) > 4 and sys.argv[4].upper() in ("ON", "1", "TRUE", "YES")
SMALL = os.path.join(ROOT, "tests", "cli", "small.yaml")
OLD = b"an earlier results file, to be kept as it is\n"


def read_text(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


class Env(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="ursim-env-")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def path(self, name):
        return os.path.join(self.dir, name)

    def existing_output(self):
        out = self.path("out.h5")
        with open(out, "wb") as f:
            f.write(OLD)
        return out

    def assert_kept(self, out, others=()):
        with open(out, "rb") as f:
            self.assertEqual(f.read(), OLD)
        self.assertEqual(sorted(os.listdir(self.dir)), sorted(["out.h5", *others]))

    def mount_tmpfs(self, options):
        """A tmpfs at self.dir/mnt, or skip saying why."""
        mnt = self.path("mnt")
        os.mkdir(mnt)
        if os.geteuid() != 0:
            self.skipTest("not root: cannot mount a tmpfs")
        r = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", mnt],
                           capture_output=True, text=True)
        if r.returncode != 0:
            self.skipTest("mount not permitted here: " + r.stderr.strip())
        self.addCleanup(subprocess.run, ["umount", mnt])
        return mnt


class Signals(Env):
    def long_scenario(self):
        text = read_text(SMALL).replace("horizon: 2d", "horizon: 3000d")
        text = text.replace("sample_interval: 30min", "sample_interval: 1d")
        path = self.path("long.yaml")
        with open(path, "w") as f:
            f.write(text)
        return path

    def test_mid_run(self):
        """A signal while replications run: exit 130, the old file kept."""
        long = self.long_scenario()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with self.subTest(sig=sig.name):
                out = self.existing_output()
                p = subprocess.Popen([URSIM, "run", long, "-o", out, "--force", "--threads", "2"],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                deadline = time.time() + 60
                while not os.path.exists(out + ".tmp") and time.time() < deadline:
                    time.sleep(0.02)
                time.sleep(0.3)
                self.assertIsNone(p.poll(), "the run ended before the signal")
                p.send_signal(sig)
                _, err = p.communicate(timeout=120)
                self.assertEqual(p.returncode, 130, err)
                self.assertIn("interrupted", err)
                self.assert_kept(out, ["long.yaml"])

    def test_during_final_write(self):
        """A signal as the complete file is closed, and as it is synced just
        before the rename (signal_at.c raises it there): nothing published."""
        env = dict(os.environ, LD_PRELOAD=SHIM,
                   ASAN_OPTIONS=os.environ.get("ASAN_OPTIONS", "") + ":verify_asan_link_order=0")
        for at in ("H5Fclose", "fsync"):
            for sig in ("INT", "TERM"):
                with self.subTest(at=at, sig=sig):
                    out = self.existing_output()
                    r = subprocess.run([URSIM, "run", SMALL, "-o", out, "--force", "-q",
                                        "--replications", "2"], capture_output=True, text=True,
                                       env=dict(env, URSIM_SIGNAL_AT=at, URSIM_SIGNAL=sig),
                                       timeout=120)
                    self.assertEqual(r.returncode, 130, r.stderr)
                    self.assertIn("interrupted", r.stderr)
                    self.assert_kept(out)


class Disk(Env):
    def run_into(self, out, *extra):
        return subprocess.run([URSIM, "run", SMALL, "-o", out, "-q", "--replications", "2",
                               *extra], capture_output=True, text=True, timeout=120)

    def test_full_disk(self):
        # small.yaml's results take about 200 kB: 64 kB fills up.
        mnt = self.mount_tmpfs("size=64k")
        r = self.run_into(os.path.join(mnt, "out.h5"))
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("no results written", r.stderr)
        self.assertEqual(os.listdir(mnt), [])

    def test_read_only_directory(self):
        if os.geteuid() == 0:  # root writes through permission bits: mount it read-only
            d = self.mount_tmpfs("ro,size=1m")
        else:
            d = self.path("ro")
            os.mkdir(d)
            os.chmod(d, 0o555)
            self.addCleanup(os.chmod, d, 0o755)
        r = self.run_into(os.path.join(d, "out.h5"))
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("out.h5", r.stderr)
        self.assertEqual(os.listdir(d), [])

    def test_output_is_a_directory(self):
        d = self.path("out.h5")
        os.mkdir(d)
        for extra in ((), ("--force",)):
            with self.subTest(extra=extra):
                r = self.run_into(d, *extra)
                self.assertEqual(r.returncode, 1, r.stderr)
                self.assertIn("directory", r.stderr)
                self.assertEqual(os.listdir(self.dir), ["out.h5"])
                self.assertEqual(os.listdir(d), [])


class Memory(Env):
    # Arrivals at 1000/s to one server taking an hour: the queue, and so the
    # visitor pool, grows by 3.6 million an hour until memory runs out.
    HOG = ("scenario: {name: hog, horizon: 30d, replications: 1}\n"
           "stations:\n"
           "  - name: hall\n"
           "    arrivals: {rate: 1000/s}\n"
           "    servers: 1\n"
           "    service: {dist: deterministic, value: 1h}\n")

    def test_memory_limit(self):
        """Out of memory: exit 1 with a message, no crash, no file. A plain
        build runs under `ulimit -v` (100 MB); AddressSanitizer reserves
        terabytes of address space and cannot, so a sanitized build has its
        allocator return NULL past 200 MB of resident memory instead."""
        hog = self.path("hog.yaml")
        with open(hog, "w") as f:
            f.write(self.HOG)
        out = self.existing_output()
        cmd = [URSIM, "run", hog, "-o", out, "--force", "-q"]
        env = dict(os.environ)
        if SANITIZED:
            print("memory limit: sanitized build, so ASan's soft_rss_limit_mb=200 "
                  "instead of ulimit -v", file=sys.stderr)
            env["ASAN_OPTIONS"] = (env.get("ASAN_OPTIONS", "") +
                                   ":soft_rss_limit_mb=200:allocator_may_return_null=1")
        else:
            cmd = ["bash", "-c", 'ulimit -v 102400 && exec "$@"', "ursim", *cmd]
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env)
        self.assertEqual(r.returncode, 1, r.stderr[-3000:])
        self.assertIn("out of memory", r.stderr)
        self.assertNotIn("internal error", r.stderr)
        self.assert_kept(out, ["hog.yaml"])


class NoFile(Env):
    """What is no scenario file is refused at once, before a byte is read."""

    def refused(self, path, what):
        start = time.monotonic()
        r = subprocess.run([URSIM, "validate", path], capture_output=True, text=True, timeout=30)
        took = time.monotonic() - start
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn(f"{path}: error: the scenario {what}", r.stderr)
        self.assertLess(took, 5.0)  # a sanitized start-up takes a fraction of it

    def test_fifo(self):
        fifo = self.path("scenario.yaml")
        os.mkfifo(fifo)  # nobody writes: opening it for reading would block
        self.refused(fifo, "is a FIFO")

    def test_dev_zero(self):
        self.refused("/dev/zero", "is a character device")

    def test_50_mb_file(self):
        big = self.path("big.yaml")
        with open(big, "wb") as f:
            f.write(b"# " + b"x" * (50 << 20) + b"\n")
        self.refused(big, "is larger than 16 MiB")

    def test_included_fifo(self):
        os.mkfifo(self.path("part.yaml"))
        top = self.path("top.yaml")
        with open(top, "w") as f:
            f.write("include: part.yaml\n")
        r = subprocess.run([URSIM, "validate", top], capture_output=True, text=True, timeout=30)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("top.yaml:1:10: error: cannot read included file", r.stderr)
        self.assertIn("it is a FIFO", r.stderr)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
