"""The results file as netCDF tools see it: every group opens in xarray
through both h5netcdf and netCDF4 with named dimensions (replication, time,
<table>_row) and no phony ones; the time axis is CF ("seconds since
scenario.start", decoded to dates); ncdump -h reads the file; values read
through xarray are the file's."""
import os
import subprocess
import unittest

import h5py
import numpy as np
import xarray as xr

from common import Runs, ursim, ROOT, SMALL

ENGINES = ("h5netcdf", "netcdf4")


def groups_with_data(path):
    """Every group holding a dataset directly, as xarray's group= wants it."""
    out = []
    with h5py.File(path) as f:
        if any(isinstance(o, h5py.Dataset) for o in f.values()):
            out.append("/")
        f.visititems(lambda n, o: out.append(n) if isinstance(o, h5py.Group) and any(
            isinstance(c, h5py.Dataset) for c in o.values()) else None)
    return out


def one_per_shape(groups):
    """The first group of each shape: its depth, its first part and whether
    it is a comparison's parts (by_*), a summary or a time series."""
    seen, out = set(), []
    for g in groups:
        parts = g.strip("/").split("/") if g != "/" else []
        shape = (len(parts), parts[0] if parts else "",
                 any(p.startswith("by_") for p in parts), "summary" in parts,
                 "timeseries" in parts, "tables" in parts)
        if shape not in seen:
            seen.add(shape)
            out.append(g)
    return out


class NetCDF(Runs):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with open(SMALL) as f:
            text = f.read().replace("seed: 7}", "seed: 7, start: 2023-12-30T08:00:00}")
        cls.dated_yaml = os.path.join(cls.dir, "dated.yaml")
        with open(cls.dated_yaml, "w") as f:
            f.write(text)
        cls.dated = os.path.join(cls.dir, "dated.h5")
        r = ursim("run", cls.dated_yaml, "-o", cls.dated, "--replications", "3", "--quiet")
        assert r.returncode == 0, r.stderr
        # a numeric table (the response's case log) and variants
        cls.cases = os.path.join(cls.dir, "cases.h5")
        r = ursim("run", os.path.join(ROOT, "tests", "response", "tiny.yaml"), "-o", cls.cases,
                  "--quiet")
        assert r.returncode == 0, r.stderr

    def check_group(self, where, name, dims):
        """A variable's dimensions: named, and the layout's for its kind."""
        self.assertFalse([d for d in dims if d.startswith("phony_dim")], (where, name, dims))
        parts = where.strip("/").split("/")
        if any(p.startswith("by_") for p in parts) and "comparison" in parts:
            # the parts of a difference: /comparison/<kpi>/by_<dim>/<variant>/
            want = {"diff": ("part", "replication"), "part": ("part",)}.get(name, ("part",))
            self.assertEqual(tuple(dims), want, (where, name))
        elif "summary" in parts or "comparison" in parts:
            self.assertEqual(tuple(dims), ("replication",), (where, name))
        if "timeseries" in parts and name not in ("time", "replication"):
            self.assertEqual(tuple(dims), ("replication", "time"), (where, name))

    def walk_native(self, path):
        """Every group through the netCDF4 and h5netcdf libraries (one open
        each: netCDF-C reads the whole file's metadata on every open)."""
        import h5netcdf
        import netCDF4
        seen = set()

        def nc(g, where):
            for name, var in g.variables.items():
                self.check_group(where, name, var.dimensions)
                seen.update(var.dimensions)
            for child_name, child in g.groups.items():
                nc(child, where + child_name + "/")

        def h5(g, where):
            for name, var in g.variables.items():
                self.check_group(where, name, var.dimensions)
            for child_name, child in g.groups.items():
                h5(child, where + child_name + "/")

        with netCDF4.Dataset(path) as ds:
            nc(ds, "/")
        with h5netcdf.File(path, "r") as ds:  # no phony_dims: refuses unnamed ones
            h5(ds, "/")
        return seen

    def check_xarray(self, path, groups):
        for engine in ENGINES:
            for g in groups:
                with self.subTest(engine=engine, group=g):
                    with xr.open_dataset(path, group=g, engine=engine) as ds:
                        for name, var in ds.data_vars.items():
                            self.check_group(g, name, var.dims)
                        if "timeseries" in g.split("/"):
                            for var in ds.data_vars.values():
                                self.assertIn("long_name", var.attrs)
                                self.assertIn("units", var.attrs)

    def test_every_group_has_named_dimensions(self):
        for path in (self.one, self.var, self.dated, self.cases):
            with self.subTest(path=os.path.basename(path)):
                seen = self.walk_native(path)
                self.assertTrue({"replication", "time"} <= seen, seen)
                groups = groups_with_data(path)
                self.assertGreater(len(groups), 5)
                if path == self.cases:  # 200 groups: the root, a variant's own, a sample
                    groups = [g for g in groups if g == "/" or g.startswith("variants/grid")]
                # The native walk above read every group; xarray reopens the
                # file per group (netCDF-C reads all its metadata each time),
                # so it gets one group of each shape: the same kind of path
                # with the names of KPIs, parts and variants left out.
                self.check_xarray(path, one_per_shape(groups))

    def test_tables_have_a_row_dimension(self):
        with xr.open_dataset(self.cases, group="variants/grid/tables/response",
                             engine="h5netcdf") as ds:
            self.assertEqual(ds["cases"].dims, ("cases_row",))
            with h5py.File(self.cases) as f:
                self.assertEqual(ds.sizes["cases_row"], len(f["variants/grid/tables/response/cases"]))
                self.assertEqual(f["variants/grid/tables/response/cases"].attrs["CLASS"], b"TABLE")
        with xr.open_dataset(self.var, group="variants/base", engine="h5netcdf") as ds:
            self.assertEqual(ds["plan_log"].dims, ("plan_log_row",))

    def test_values_and_cf_time(self):
        series = "timeseries/stations/windows"
        with h5py.File(self.dated) as f:
            raw = f[series + "/queue_length"][()]
            t = f["timeseries/time"][()]
            self.assertEqual(f["timeseries/time"].attrs["units"], "seconds since 2023-12-30 08:00:00")
            self.assertEqual(f.attrs["start"], "2023-12-30T08:00:00")
        for engine in ENGINES:
            with xr.open_dataset(self.dated, group=series, engine=engine) as ds:
                np.testing.assert_array_equal(ds["queue_length"].values, raw)
            with xr.open_dataset(self.dated, group="timeseries", engine=engine) as ds:
                self.assertEqual(ds["time"].dtype.kind, "M")  # decoded to dates
                first = np.datetime64("2023-12-30T08:00:00") + np.timedelta64(int(t[0]), "s")
                self.assertEqual(ds["time"].values[0], first)
                np.testing.assert_array_equal(ds["replication"].values, [0, 1, 2])
        with h5py.File(self.one) as f:  # no start: plain seconds
            self.assertEqual(f["timeseries/time"].attrs["units"], "s")
            self.assertNotIn("start", f.attrs)

    def test_ncdump_reads_it(self):
        for path in (self.one, self.var, self.dated):
            r = subprocess.run(["ncdump", "-h", path], capture_output=True, text=True)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("replication = 4", r.stdout.replace("replication = 3", "replication = 4"))
            self.assertIn("double queue_length(replication, time)", r.stdout)
            self.assertNotIn("phony_dim", r.stdout)

    def test_bad_start(self):
        bad = os.path.join(self.dir, "bad-start.yaml")
        with open(SMALL) as f:
            text = f.read().replace("seed: 7}", "seed: 7, start: 2023-02-30}")
        with open(bad, "w") as f:
            f.write(text)
        r = ursim("validate", bad)
        self.assertEqual(r.returncode, 2)
        line = next(i + 1 for i, l in enumerate(text.splitlines()) if "start:" in l)
        col = text.splitlines()[line - 1].index("start:") + 1
        self.assertIn(f"{bad}:{line}:", r.stderr)
        self.assertIn("is not a calendar date", r.stderr)
        del col


if __name__ == "__main__":
    unittest.main()
