/* The classic hold benchmark (Vaucher & Duval 1975; Jones 1986): N events
 * pending; each fired event schedules one new event at now + Exp(1), so the
 * pending count stays N while the clock advances. It measures the cost of one
 * "remove the next event, insert one" cycle at a given queue size.
 *
 * Two contestants, same increments (drawn beforehand from one GSL stream, so
 * RNG cost is neither's), same number of holds:
 *   engine     ursim's engine: a handler calling ur_sim_after;
 *   bare heap  a minimal 4-ary min-heap of {t, seq} written here, pop then
 *              push, no handles, no slots, no handler call.
 * The ratio shows what slots, handles, handler dispatch and the run loop cost
 * on top of the bare priority queue. Both fire the same events in the same
 * (t, seq) order, so their final clocks must agree bit for bit; the program
 * checks that. Best of REPEATS runs; usage: bench_hold [holds]
 */
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <ursim/sim.h>

#define REPEATS 3

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* ---- the bare heap ---- */

struct bare_entry {
    double t;
    uint64_t seq;
};

struct bare_heap {
    struct bare_entry *a;
    size_t n;
    uint64_t seq;
};

static inline int bare_before(struct bare_entry x, struct bare_entry y)
{
    return x.t < y.t || (x.t == y.t && x.seq < y.seq);
}

static void bare_push(struct bare_heap *h, double t)
{
    struct bare_entry e = {t, h->seq++};
    size_t i = h->n++;
    while (i > 0 && bare_before(e, h->a[(i - 1) / 4])) {
        h->a[i] = h->a[(i - 1) / 4];
        i = (i - 1) / 4;
    }
    h->a[i] = e;
}

static double bare_pop(struct bare_heap *h)
{
    double top = h->a[0].t;
    struct bare_entry e = h->a[--h->n];
    size_t i = 0;
    for (;;) {
        size_t first = 4 * i + 1, best = first;
        if (first >= h->n)
            break;
        size_t last = first + 4 < h->n ? first + 4 : h->n;
        for (size_t c = first + 1; c < last; c++)
            if (bare_before(h->a[c], h->a[best]))
                best = c;
        if (!bare_before(h->a[best], e))
            break;
        h->a[i] = h->a[best];
        i = best;
    }
    h->a[i] = e;
    return top;
}

/* Returns the final clock; *elapsed_s the time of the holds alone. */
static double bare_hold(const double *inc, size_t n_pending, size_t holds, double *elapsed_s)
{
    struct bare_heap h = {malloc(n_pending * sizeof *h.a), 0, 0};
    if (!h.a)
        abort();
    for (size_t i = 0; i < n_pending; i++)
        bare_push(&h, inc[i]);
    const double *next = inc + n_pending;
    double now = 0, start = seconds_now();
    for (size_t k = 0; k < holds; k++) {
        now = bare_pop(&h);
        bare_push(&h, now + next[k]);
    }
    *elapsed_s = seconds_now() - start;
    free(h.a);
    return now;
}

/* ---- the engine ---- */

struct hold_model {
    const double *next;
    size_t k, holds;
    uint16_t handler;
};

static void hold(struct ur_sim *sim, void *model, uint64_t arg)
{
    struct hold_model *m = model;
    ur_sim_after(sim, m->next[m->k], m->handler, arg);
    if (++m->k == m->holds)
        ur_sim_stop(sim);
}

static double engine_hold(const double *inc, size_t n_pending, size_t holds, double *elapsed_s)
{
    struct ur_sim *sim = ur_sim_new();
    if (!sim)
        abort();
    struct hold_model m = {inc + n_pending, 0, holds, 0};
    m.handler = ur_sim_handler(sim, "hold", hold, &m);
    for (size_t i = 0; i < n_pending; i++)
        ur_sim_at(sim, inc[i], m.handler, i);
    double start = seconds_now();
    enum ur_stop why = ur_sim_run(sim, INFINITY);
    *elapsed_s = seconds_now() - start;
    double now = ur_sim_now(sim);
    if (why != UR_STOP_REQUESTED || ur_sim_events_fired(sim) != holds)
        fprintf(stderr, "bench_hold: engine stopped early (%d)\n", (int)why);
    ur_sim_free(sim);
    return now;
}

typedef double hold_fn(const double *inc, size_t n_pending, size_t holds, double *elapsed_s);

/* Best events/s of REPEATS runs; *clock the final clock. */
static double best_rate(hold_fn *fn, const double *inc, size_t n_pending, size_t holds,
                        double *clock)
{
    double best_s = INFINITY;
    for (int r = 0; r < REPEATS; r++) {
        double s;
        *clock = fn(inc, n_pending, holds, &s);
        best_s = s < best_s ? s : best_s;
    }
    return (double)holds / best_s;
}

int main(int argc, char **argv)
{
    size_t holds = argc > 1 ? strtoull(argv[1], NULL, 10) : 10000000;
    static const size_t sizes[] = {1000, 100000};
    size_t max_pending = sizes[sizeof sizes / sizeof sizes[0] - 1];
    double *inc = malloc((holds + max_pending) * sizeof *inc);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (!inc || !r || holds == 0)
        return 1;
    gsl_rng_set(r, 1975);
    for (size_t i = 0; i < holds + max_pending; i++)
        inc[i] = gsl_ran_exponential(r, 1.0);
    int status = 0;
    printf("hold model, %zu holds, Exp(1) increments, best of %d\n", holds, REPEATS);
    printf("%10s %18s %18s %8s\n", "N", "engine events/s", "bare heap events/s", "ratio");
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        double clock_engine, clock_bare;
        double engine = best_rate(engine_hold, inc, sizes[i], holds, &clock_engine);
        double bare = best_rate(bare_hold, inc, sizes[i], holds, &clock_bare);
        printf("%10zu %18.3e %18.3e %8.2f\n", sizes[i], engine, bare, bare / engine);
        if (clock_engine != clock_bare) {
            fprintf(stderr, "bench_hold: final clocks differ: %.17g vs %.17g\n", clock_engine,
                    clock_bare);
            status = 1;
        }
    }
    gsl_rng_free(r);
    free(inc);
    return status;
}
