/* The engine against a reference: an array kept sorted by (t, seq), in
 * descending order so the next event is the last element. 200,000 operations
 * (schedule with ties and zero delays, cancel of fresh, fired or stale
 * handles, ur_sim_event_time, fire one event) drawn from a seeded GSL
 * generator; every step compares what fired, the clock, the cancel result
 * and the pending count. The fired event's handler itself schedules and
 * cancels 0-3 events, as models do: that is where the engine keeps the fired
 * event at the root until the handler schedules something (replace-top).
 */
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <stdbool.h>
#include <stdlib.h>

#include "check.h"
#include <ursim/sim.h>

struct ref_event {
    double t;
    uint64_t seq, arg;
};

struct reference {
    struct ref_event *ev;
    size_t n;
};

/* Index of the first element not ordered after (t, seq) in descending order. */
static size_t ref_lower(const struct reference *ref, double t, uint64_t seq)
{
    size_t lo = 0, hi = ref->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const struct ref_event *e = &ref->ev[mid];
        if (e->t > t || (e->t == t && e->seq > seq))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static void ref_insert(struct reference *ref, struct ref_event e)
{
    size_t i = ref_lower(ref, e.t, e.seq);
    memmove(&ref->ev[i + 1], &ref->ev[i], (ref->n - i) * sizeof *ref->ev);
    ref->ev[i] = e;
    ref->n++;
}

/* Removes (t, seq) if present; returns whether it was. */
static bool ref_remove(struct reference *ref, double t, uint64_t seq)
{
    size_t i = ref_lower(ref, t, seq);
    if (i == ref->n || ref->ev[i].t != t || ref->ev[i].seq != seq)
        return false;
    memmove(&ref->ev[i], &ref->ev[i + 1], (ref->n - i - 1) * sizeof *ref->ev);
    ref->n--;
    return true;
}

struct issued {
    ur_event_id id;
    double t;
    uint64_t seq;
};

struct random_run {
    struct ur_sim *sim;
    uint16_t h;
    gsl_rng *r;
    struct reference ref;
    struct issued ring[4096];
    uint64_t seq;
    size_t mismatches, cancels_true, stale_handles, in_handler_ops;
    bool fired;
};

static void random_schedule(struct random_run *x, uint64_t arg)
{
    double now = ur_sim_now(x->sim);
    double dt = gsl_rng_uniform(x->r) < 0.25 ? 0 : floor(gsl_ran_exponential(x->r, 5.0));
    ur_event_id id =
        arg % 2 ? ur_sim_after(x->sim, dt, x->h, arg) : ur_sim_at(x->sim, now + dt, x->h, arg);
    ref_insert(&x->ref, (struct ref_event){now + dt, x->seq, arg});
    x->ring[x->seq % 4096] = (struct issued){id, now + dt, x->seq};
    x->seq++;
}

static void random_cancel(struct random_run *x)
{
    if (x->seq == 0)
        return;
    size_t span = x->seq < 4096 ? x->seq : 4096;
    struct issued *a = &x->ring[gsl_rng_uniform_int(x->r, span)];
    struct issued *b = &x->ring[gsl_rng_uniform_int(x->r, span)];
    bool expect = ref_remove(&x->ref, a->t, a->seq);
    bool got = ur_sim_cancel(x->sim, a->id);
    x->mismatches += expect != got;
    x->cancels_true += got;
    x->stale_handles += !got;
    double t_got = ur_sim_event_time(x->sim, b->id);
    size_t i = ref_lower(&x->ref, b->t, b->seq);
    bool pending = i < x->ref.n && x->ref.ev[i].seq == b->seq && x->ref.ev[i].t == b->t;
    x->mismatches += pending ? t_got != b->t : !isnan(t_got);
}

/* The handler: checks it is the reference's next event, schedules and
 * cancels a few events from inside the run, then stops the run. */
static void fire_and_act(struct ur_sim *sim, void *model, uint64_t arg)
{
    struct random_run *x = model;
    x->fired = true;
    if (x->ref.n == 0) {
        x->mismatches++;
        ur_sim_stop(sim);
        return;
    }
    struct ref_event next = x->ref.ev[--x->ref.n];
    x->mismatches += arg != next.arg || ur_sim_now(sim) != next.t;
    x->mismatches += ur_sim_pending(sim) != x->ref.n;
    for (unsigned long k = gsl_rng_uniform_int(x->r, 4); k > 0; k--) {
        /* 1.5 operations per firing, half of them schedules: 0.75 new events
         * per fired one, so the drain below terminates. */
        if (gsl_rng_uniform(x->r) < 0.5)
            random_schedule(x, x->seq + (1ull << 40));
        else
            random_cancel(x);
        x->mismatches += ur_sim_pending(sim) != x->ref.n;
        x->in_handler_ops++;
    }
    ur_sim_stop(sim);
}

static void random_fire(struct random_run *x)
{
    bool expect_event = x->ref.n > 0;
    x->fired = false;
    enum ur_stop why = ur_sim_run(x->sim, INFINITY);
    x->mismatches += expect_event ? why != UR_STOP_REQUESTED || !x->fired
                                  : why != UR_STOP_EMPTY || x->fired;
}

static void test_random_against_reference(void)
{
    enum { OPS = 200000 };
    static struct random_run x;
    x.sim = ur_sim_new();
    x.h = ur_sim_handler(x.sim, "fire_and_act", fire_and_act, &x);
    x.r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(x.r, 20240601);
    x.ref.ev = malloc(3 * OPS * sizeof *x.ref.ev); /* handlers schedule too */
    size_t max_pending = 0;
    for (uint64_t op = 0; op < OPS; op++) {
        double u = gsl_rng_uniform(x.r);
        if (u < 0.42)
            random_schedule(&x, op);
        else if (u < 0.62)
            random_cancel(&x);
        else
            random_fire(&x);
        x.mismatches += ur_sim_pending(x.sim) != x.ref.n;
        max_pending = x.ref.n > max_pending ? x.ref.n : max_pending;
    }
    while (x.ref.n > 0)
        random_fire(&x);
    random_fire(&x); /* now empty */
    fprintf(stderr,
            "random: %llu scheduled, %zu cancelled, %zu refused cancels, %zu operations in "
            "handlers, max pending %zu\n",
            (unsigned long long)x.seq, x.cancels_true, x.stale_handles, x.in_handler_ops,
            max_pending);
    CHECK_EQ(x.mismatches, 0);
    CHECK(x.cancels_true > 1000 && x.stale_handles > 1000); /* both paths exercised */
    CHECK(x.in_handler_ops > 10000);
    CHECK_EQ(ur_sim_pending(x.sim), 0);
    free(x.ref.ev);
    gsl_rng_free(x.r);
    ur_sim_free(x.sim);
}

int main(void)
{
    test_random_against_reference();
    return ur_check_summary("test_engine_random");
}
