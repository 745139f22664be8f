/* ursim event engine: a pending-event set keyed on (time, insertion sequence).
 *
 * The engine knows no domain. An event is {t, seq, handler id, arg}; `arg` is
 * usually an index into a pool the model owns. Events with equal times fire in
 * the order they were scheduled (FIFO). Schedule and cancel are O(log n); event
 * records come from a pool with a free list, so a steady state allocates nothing.
 */
#ifndef URSIM_SIM_H
#define URSIM_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ur_sim; /* fields private to sim/core */

/* A handle to a scheduled event: pool slot | generation << 32. 0 is never a
 * valid handle, so a zero-initialised field means "nothing scheduled". */
typedef uint64_t ur_event_id;

typedef void ur_handler_fn(struct ur_sim *sim, void *model, uint64_t arg);

enum ur_stop {
    UR_STOP_HORIZON,   /* the next event lies beyond `until_s` */
    UR_STOP_EMPTY,     /* no events left */
    UR_STOP_REQUESTED, /* a handler called ur_sim_stop() */
    UR_STOP_BUDGET,    /* ur_sim_budget()'s number of events has fired */
};

/* Returns NULL when out of memory. */
struct ur_sim *ur_sim_new(void);
void ur_sim_free(struct ur_sim *sim);

/* Registers a handler; `name` (static storage) shows in assertion reports.
 * Returns its id. At most 65535 handlers. */
uint16_t ur_sim_handler(struct ur_sim *sim, const char *name, ur_handler_fn *fn, void *model);

/* Schedules handler(arg) at absolute time t_s >= now (seconds). */
ur_event_id ur_sim_at(struct ur_sim *sim, double t_s, uint16_t handler, uint64_t arg);
/* Schedules handler(arg) dt_s >= 0 seconds from now. */
ur_event_id ur_sim_after(struct ur_sim *sim, double dt_s, uint16_t handler, uint64_t arg);
/* Removes a pending event. Returns false if it already fired or was cancelled. */
bool ur_sim_cancel(struct ur_sim *sim, ur_event_id id);
/* Time at which a pending event will fire, or NAN if it is not pending. */
double ur_sim_event_time(const struct ur_sim *sim, ur_event_id id);

/* Fires events in (time, sequence) order while their time is <= until_s.
 * On UR_STOP_HORIZON and UR_STOP_EMPTY the clock ends at until_s. */
enum ur_stop ur_sim_run(struct ur_sim *sim, double until_s);
/* Caps the events fired over the engine's life (0: no limit, the default);
 * ur_sim_run returns UR_STOP_BUDGET, before firing the next one, once that
 * many have fired: the clock stays at the last event fired and the pending
 * events stay pending. For harnesses that must bound the work of any input. */
void ur_sim_budget(struct ur_sim *sim, uint64_t max_events);
/* Asks ur_sim_run to return after the current handler. */
void ur_sim_stop(struct ur_sim *sim);

double ur_sim_now(const struct ur_sim *sim);
uint64_t ur_sim_events_fired(const struct ur_sim *sim);
size_t ur_sim_pending(const struct ur_sim *sim);
/* Name of the handler running now on this thread's simulation, or NULL. */
const char *ur_sim_current_handler(const struct ur_sim *sim);

#endif
