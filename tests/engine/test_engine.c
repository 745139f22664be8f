/* The event engine alone (include/ursim/sim.h): order by (time, sequence),
 * FIFO among equal times, cancellation and stale handles, the horizon and
 * stop semantics of ur_sim_run, the event budget, pool reuse under a long hold cycle, and the
 * panic report. The randomised comparison is in test_engine_random.c.
 */
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include <ursim/sim.h>

/* What fired, in order. */
struct firing_log {
    size_t n;
    uint64_t arg[64];
    double t[64];
    const char *handler[64];
};

static void record(struct ur_sim *sim, void *model, uint64_t arg)
{
    struct firing_log *log = model;
    if (log->n < 64) {
        log->arg[log->n] = arg;
        log->t[log->n] = ur_sim_now(sim);
        log->handler[log->n] = ur_sim_current_handler(sim);
    }
    log->n++;
}

static void test_time_order(void)
{
    struct ur_sim *sim = ur_sim_new();
    struct firing_log log = {0};
    uint16_t h = ur_sim_handler(sim, "record", record, &log);
    static const double t[8] = {5, 1, 9, 3, 7, 2, 8, 0};
    for (uint64_t i = 0; i < 8; i++)
        ur_sim_at(sim, t[i], h, i);
    CHECK_EQ(ur_sim_pending(sim), 8);
    CHECK(ur_sim_current_handler(sim) == NULL);
    CHECK_EQ(ur_sim_run(sim, 100), UR_STOP_EMPTY);
    static const uint64_t order[8] = {7, 1, 5, 3, 0, 4, 6, 2};
    CHECK_EQ(log.n, 8);
    for (size_t i = 0; i < 8; i++) {
        CHECK_EQ(log.arg[i], order[i]);
        CHECK_NEAR(log.t[i], t[order[i]], 0);
        CHECK_STR(log.handler[i], "record");
    }
    CHECK_EQ(ur_sim_events_fired(sim), 8);
    CHECK_NEAR(ur_sim_now(sim), 100, 0); /* EMPTY: the clock ends at until_s */
    ur_sim_free(sim);
}

/* At t = 10 the handler schedules two more events at the current time (one
 * with ur_sim_after(0), one with ur_sim_at(now)): they fire after every event
 * already waiting at t = 10, in the order they were scheduled. */
struct fifo_model {
    struct firing_log log;
    uint16_t record, spawn;
};

static void spawn(struct ur_sim *sim, void *model, uint64_t arg)
{
    struct fifo_model *m = model;
    record(sim, &m->log, arg);
    ur_sim_after(sim, 0, m->record, 100 + arg);
    ur_sim_at(sim, ur_sim_now(sim), m->record, 200 + arg);
}

static void test_fifo_equal_times(void)
{
    struct ur_sim *sim = ur_sim_new();
    struct fifo_model m = {{0}};
    m.record = ur_sim_handler(sim, "record", record, &m.log);
    m.spawn = ur_sim_handler(sim, "spawn", spawn, &m);
    ur_sim_at(sim, 10, m.record, 0);
    ur_sim_at(sim, 10, m.spawn, 1);
    ur_sim_at(sim, 11, m.record, 9);
    ur_sim_at(sim, 10, m.record, 2);
    ur_sim_at(sim, 10, m.record, 3);
    CHECK_EQ(ur_sim_run(sim, 20), UR_STOP_EMPTY);
    static const uint64_t order[7] = {0, 1, 2, 3, 101, 201, 9};
    CHECK_EQ(m.log.n, 7);
    for (size_t i = 0; i < 7; i++)
        CHECK_EQ(m.log.arg[i], order[i]);
    CHECK_STR(m.log.handler[1], "spawn");
    ur_sim_free(sim);
}

/* A handler that cancels the event whose handle is in *model. */
struct cancel_model {
    struct firing_log log;
    ur_event_id target, self;
    bool cancelled_target, cancelled_self;
};

static void cancel_other(struct ur_sim *sim, void *model, uint64_t arg)
{
    struct cancel_model *m = model;
    record(sim, &m->log, arg);
    m->cancelled_target = ur_sim_cancel(sim, m->target);
    m->cancelled_self = ur_sim_cancel(sim, m->self); /* already firing: false */
}

static void test_cancel(void)
{
    struct ur_sim *sim = ur_sim_new();
    struct cancel_model m = {{0}};
    uint16_t h = ur_sim_handler(sim, "record", record, &m.log);
    uint16_t c = ur_sim_handler(sim, "cancel_other", cancel_other, &m);

    CHECK(!ur_sim_cancel(sim, 0)); /* 0 is never a handle */
    CHECK(isnan(ur_sim_event_time(sim, 0)));
    ur_event_id a = ur_sim_at(sim, 4, h, 1);
    CHECK(a != 0);
    CHECK_NEAR(ur_sim_event_time(sim, a), 4, 0);
    CHECK(ur_sim_cancel(sim, a));
    CHECK(!ur_sim_cancel(sim, a)); /* second cancel */
    CHECK(isnan(ur_sim_event_time(sim, a)));
    CHECK_EQ(ur_sim_pending(sim), 0);

    /* The freed slot is reused with a new generation: the stale handle does
     * not reach the new event. */
    ur_event_id b = ur_sim_at(sim, 6, h, 2);
    CHECK_EQ((uint32_t)b, (uint32_t)a); /* same slot (handle = slot | gen << 32) */
    CHECK(b != a);
    CHECK(!ur_sim_cancel(sim, a));
    CHECK(isnan(ur_sim_event_time(sim, a)));
    CHECK_NEAR(ur_sim_event_time(sim, b), 6, 0);

    /* Cancelled from a handler at the same time, scheduled after it. */
    m.self = ur_sim_at(sim, 5, c, 3);
    m.target = ur_sim_at(sim, 5, h, 4);
    ur_event_id late = ur_sim_at(sim, 8, h, 5);
    CHECK_EQ(ur_sim_run(sim, 7), UR_STOP_HORIZON);
    CHECK(m.cancelled_target);
    CHECK(!m.cancelled_self);
    CHECK_EQ(m.log.n, 2); /* 3 (cancel_other) then 2 (b); 4 never fires */
    CHECK_EQ(m.log.arg[0], 3);
    CHECK_EQ(m.log.arg[1], 2);
    CHECK(!ur_sim_cancel(sim, b)); /* after firing */
    CHECK(isnan(ur_sim_event_time(sim, b)));
    CHECK_NEAR(ur_sim_event_time(sim, late), 8, 0);
    CHECK_EQ(ur_sim_pending(sim), 1);
    ur_sim_free(sim); /* with an event still pending: no leak */
}

static void stop_here(struct ur_sim *sim, void *model, uint64_t arg)
{
    record(sim, model, arg);
    ur_sim_stop(sim);
}

static void test_run_horizon_and_stop(void)
{
    struct ur_sim *sim = ur_sim_new();
    struct firing_log log = {0};
    uint16_t h = ur_sim_handler(sim, "record", record, &log);
    uint16_t s = ur_sim_handler(sim, "stop_here", stop_here, &log);
    ur_sim_at(sim, 10, h, 1);
    ur_sim_at(sim, nextafter(10, 11), h, 2);
    CHECK_EQ(ur_sim_run(sim, 10), UR_STOP_HORIZON); /* t == until_s fires */
    CHECK_EQ(log.n, 1);
    CHECK_NEAR(ur_sim_now(sim), 10, 0);
    CHECK_EQ(ur_sim_run(sim, 12), UR_STOP_EMPTY);
    CHECK_EQ(log.n, 2);
    CHECK_NEAR(ur_sim_now(sim), 12, 0);

    ur_sim_at(sim, 20, h, 3);
    CHECK_EQ(ur_sim_run(sim, 15), UR_STOP_HORIZON);
    CHECK_NEAR(ur_sim_now(sim), 15, 0); /* HORIZON: the clock ends at until_s */
    CHECK(ur_sim_after(sim, 1, h, 4) != 0);
    ur_sim_at(sim, 17, s, 5);
    CHECK_EQ(ur_sim_run(sim, 100), UR_STOP_REQUESTED);
    CHECK_EQ(log.n, 4); /* 4 at 16, then 5 at 17 stops */
    CHECK_EQ(log.arg[2], 4);
    CHECK_NEAR(ur_sim_now(sim), 17, 0); /* the stopping event's time */
    CHECK_EQ(ur_sim_pending(sim), 1);
    CHECK_EQ(ur_sim_run(sim, INFINITY), UR_STOP_EMPTY); /* the stop was consumed */
    CHECK_EQ(log.n, 5);
    CHECK_NEAR(ur_sim_now(sim), 20, 0); /* an infinite horizon leaves the last event time */
    CHECK_EQ(ur_sim_events_fired(sim), 5);
    ur_sim_free(sim);
}

/* ur_sim_budget: the run returns before the event past the budget, the clock
 * at the last event fired, the rest pending; the budget counts over the
 * engine's life, so a second run fires nothing; lifting it (0) goes on. An
 * event beyond the horizon ends the run as HORIZON even at the budget. */
static void test_budget(void)
{
    struct ur_sim *sim = ur_sim_new();
    struct firing_log log = {0};
    uint16_t h = ur_sim_handler(sim, "record", record, &log);
    for (uint64_t i = 0; i < 5; i++)
        ur_sim_at(sim, 10.0 * (double)(i + 1), h, i);
    ur_sim_budget(sim, 3);
    CHECK_EQ(ur_sim_run(sim, 100), UR_STOP_BUDGET);
    CHECK_EQ(log.n, 3);
    CHECK_EQ(ur_sim_events_fired(sim), 3);
    CHECK_NEAR(ur_sim_now(sim), 30, 0); /* not until_s */
    CHECK_EQ(ur_sim_pending(sim), 2);
    CHECK_EQ(ur_sim_run(sim, 100), UR_STOP_BUDGET);
    CHECK_EQ(log.n, 3);
    ur_sim_budget(sim, 4);
    CHECK_EQ(ur_sim_run(sim, 45), UR_STOP_HORIZON); /* 4th at 40; 5th at 50 > 45 */
    CHECK_EQ(log.n, 4);
    CHECK_NEAR(ur_sim_now(sim), 45, 0);
    ur_sim_budget(sim, 0);
    CHECK_EQ(ur_sim_run(sim, 100), UR_STOP_EMPTY);
    CHECK_EQ(log.n, 5);
    CHECK_EQ(log.arg[4], 4);
    CHECK_NEAR(ur_sim_now(sim), 100, 0);
    ur_sim_free(sim);
}

/* Hold model: every fired event schedules one at now + Exp(1), so the
 * pending count stays fixed; the pool must recycle slots, which the handle
 * shows (its low 32 bits are the slot). */
struct hold_model {
    gsl_rng *r;
    uint16_t h;
    uint32_t max_slot;
};

static void hold(struct ur_sim *sim, void *model, uint64_t arg)
{
    struct hold_model *m = model;
    ur_event_id id = ur_sim_after(sim, gsl_ran_exponential(m->r, 1.0), m->h, arg);
    if ((uint32_t)id > m->max_slot)
        m->max_slot = (uint32_t)id;
}

static void test_pool_reuse(void)
{
    enum { PENDING = 1000, HOLDS = 1000000 };
    struct ur_sim *sim = ur_sim_new();
    struct hold_model m = {gsl_rng_alloc(gsl_rng_mt19937), 0, 0};
    gsl_rng_set(m.r, 17);
    m.h = ur_sim_handler(sim, "hold", hold, &m);
    for (uint64_t i = 0; i < PENDING; i++)
        ur_sim_at(sim, gsl_ran_exponential(m.r, 1.0), m.h, i);
    /* The 1e6-th event of a rate-1000 process comes near t = 1000; run in
     * slices so the pending count is checked along the way. */
    size_t steady = 0, slices = 0;
    for (double until = 10; ur_sim_events_fired(sim) < HOLDS; until += 10, slices++)
        steady += ur_sim_run(sim, until) == UR_STOP_HORIZON && ur_sim_pending(sim) == PENDING;
    CHECK_EQ(steady, slices);
    CHECK(ur_sim_events_fired(sim) >= HOLDS);
    /* The slot of the event firing is freed before its handler schedules,
     * so PENDING slots suffice. */
    CHECK(m.max_slot < PENDING);
    gsl_rng_free(m.r);
    ur_sim_free(sim);
}

/* Runs fn in a child; true if it died of SIGABRT after printing `expect`. */
static bool panics_with(void (*fn)(void), const char *expect)
{
    int fd[2];
    if (pipe(fd) != 0)
        return false;
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fd[1], STDERR_FILENO);
        close(fd[0]);
        fn();
        _exit(0);
    }
    close(fd[1]);
    char out[4096] = {0};
    size_t len = 0;
    ssize_t got;
    while (len < sizeof out - 1 && (got = read(fd[0], out + len, sizeof out - 1 - len)) > 0)
        len += (size_t)got;
    close(fd[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    bool ok = WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT && strstr(out, expect);
    if (!ok)
        fprintf(stderr, "child status %d, stderr:\n%s\n", status, out);
    return ok;
}

static void schedule_in_past(struct ur_sim *sim, void *model, uint64_t arg)
{
    (void)model, (void)arg;
    ur_sim_at(sim, ur_sim_now(sim) - 1, 0, 0);
}

static void past_event(void)
{
    struct ur_sim *sim = ur_sim_new();
    uint16_t h = ur_sim_handler(sim, "schedule_in_past", schedule_in_past, NULL);
    ur_sim_at(sim, 42, h, 0);
    ur_sim_run(sim, 100);
}

static void test_panic_report(void)
{
    CHECK(panics_with(past_event, "simulated time 42.000000 s, handler schedule_in_past"));
}

int main(void)
{
    test_time_order();
    test_fifo_equal_times();
    test_cancel();
    test_run_horizon_and_stop();
    test_budget();
    test_pool_reuse();
    test_panic_report();
    return ur_check_summary("test_engine");
}
