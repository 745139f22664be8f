#!/usr/bin/python3
"""The ticket hall's Erlang-A station (M/M/c+M) in SimPy: the peer that
scripts/bench.sh times ursim against (scenarios/bench/hall.yaml).

Written the way the SimPy documentation writes its bank-renege example: a
source process that draws Poisson arrivals, one process per visitor that asks
a `Resource` with `capacity=servers` for a window and waits for it *or* for
its patience to run out (`yield req | env.timeout(patience)`), then holds the
window for an exponential service time. Time is in minutes. The run stops at
the N-th arrival, as ursim's `stop_after_arrivals` does.

It prints `key value` lines: its own wall time, the counts, the mean wait of
the visitors served, the mean wait of all visitors (served ones until their
service starts, reneging ones until they leave) and the share that reneged,
followed by the exact Erlang-A figures for the same parameters, so the bench
can set ursim, SimPy and the formula side by side.

Exact figures: the number in the hall is a birth-death chain with birth rate
lam and death rate mu*min(n, c) + theta*max(n - c, 0) (Garnett, Mandelbaum
and Reiman 2002, "Designing a call center with impatient customers", M&SOM
4(3)). An arrival sees the stationary state (PASTA). A visitor j-th in line
leaves that place at rate a_j + theta, where a_j = c*mu + (j - 1)*theta is the
rate at which the line ahead of it shrinks; it moves up with probability
a_j / (a_j + theta), and the time spent there has mean 1 / (a_j + theta)
whichever way it leaves (competing exponentials).
"""
import argparse
import random
import time

import simpy


def visitor(env, windows, rng, service_mean, patience_mean, waits_served, waits_all):
    arrived = env.now
    with windows.request() as req:
        outcome = yield req | env.timeout(rng.expovariate(1.0 / patience_mean))
        wait = env.now - arrived
        waits_all.append(wait)
        if req in outcome:
            waits_served.append(wait)
            yield env.timeout(rng.expovariate(1.0 / service_mean))


def source(env, windows, rng, args, waits_served, waits_all):
    for _ in range(args.customers):
        yield env.timeout(rng.expovariate(args.rate_per_min))
        env.process(visitor(env, windows, rng, args.service_mean_min, args.patience_mean_min,
                            waits_served, waits_all))


def simulate(args):
    rng = random.Random(args.seed)
    env = simpy.Environment()
    windows = simpy.Resource(env, capacity=args.servers)
    waits_served, waits_all = [], []
    arrivals = env.process(source(env, windows, rng, args, waits_served, waits_all))
    env.run(until=arrivals)
    waiting = len(windows.queue)  # still in line at the stop: no outcome yet
    return {
        "end_time_min": env.now,
        "arrived": args.customers,
        "served": len(waits_served),
        "reneged": len(waits_all) - len(waits_served),
        "waiting_at_end": waiting,
        "wait_served_mean_min": sum(waits_served) / max(len(waits_served), 1),
        "wait_all_mean_min": sum(waits_all) / max(len(waits_all), 1),
        # as ursim's abandonment_share: of those whose wait has ended
        "abandon_share": (len(waits_all) - len(waits_served)) / max(len(waits_all), 1),
    }


def erlang_a(lam, c, mu, theta, extra=4000):
    """Exact stationary mean wait of the served, of all, and P(abandon)."""
    weight, total = 1.0, 0.0
    p_served = w_served = 0.0
    survive, hold = 1.0, 0.0  # for the place j = n - c + 1 an arrival takes
    for n in range(c + extra):
        if n > 0:
            weight *= lam / (mu * min(n, c) + theta * max(n - c, 0))
        if n >= c:
            a_j = c * mu + (n - c) * theta
            survive *= a_j / (a_j + theta)
            hold += 1.0 / (a_j + theta)
        total += weight
        p_served += weight * survive
        w_served += weight * survive * hold
    mean_queue = 0.0
    weight = 1.0
    for n in range(1, c + extra):
        weight *= lam / (mu * min(n, c) + theta * max(n - c, 0))
        mean_queue += weight * max(n - c, 0)
    return {
        "wait_served_mean_min": w_served / p_served,
        "wait_all_mean_min": mean_queue / total / lam,  # Little's law on the line
        "abandon_share": 1.0 - p_served / total,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--customers", type=int, default=1_000_000)
    ap.add_argument("--rate-per-min", type=float, default=36.0)
    ap.add_argument("--servers", type=int, default=40)
    ap.add_argument("--service-mean-min", type=float, default=1.0)
    ap.add_argument("--patience-mean-min", type=float, default=5.0)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    t0 = time.perf_counter()
    result = simulate(args)
    wall_s = time.perf_counter() - t0
    print(f"wall_s {wall_s:.3f}")
    for key, value in result.items():
        print(f"{key} {value:.6g}" if isinstance(value, float) else f"{key} {value}")
    exact = erlang_a(args.rate_per_min, args.servers, 1.0 / args.service_mean_min,
                     1.0 / args.patience_mean_min)
    for key, value in exact.items():
        print(f"exact_{key} {value:.6g}")


if __name__ == "__main__":
    main()
