#!/usr/bin/python3
"""A queue from a results file: mean over replications and 10-90% band. Usage:
plot_queue.py OUT.h5 [GROUP, default sites/ice-snow-world]; writes OUT-queue.png."""
import sys

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import xarray as xr

path, where = sys.argv[1], (sys.argv[2:] or ["sites/ice-snow-world"])[0]
time = xr.open_dataset(path, group="timeseries", engine="h5netcdf")["time"]
q = xr.open_dataset(path, group=f"timeseries/{where}", engine="h5netcdf")["queue_length"]
q = q.assign_coords(time=time)
plt.fill_between(q.time.values, q.quantile(0.1, "replication"), q.quantile(0.9, "replication"),
                 alpha=0.3, label="10-90% of replications")
q.mean("replication").plot(label="mean over replications")
plt.title(where), plt.ylabel(f"{q.attrs['long_name']} ({q.attrs['units']})"), plt.legend()
plt.savefig(path.removesuffix(".h5") + "-queue.png", dpi=100)
