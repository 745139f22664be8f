/* The event engine: a 4-ary min-heap of (t, seq, slot) plus a pool of slots.
 *
 * The heap holds small entries (time, insertion sequence, slot index) so that
 * sifting moves 24 bytes and compares two keys; the slot holds what the event
 * does (handler, arg), its generation and where its entry sits in the heap, so
 * a handle can cancel in O(log n). Slots are recycled through a free list;
 * arrays grow by doubling and never shrink, so a run in steady state does not
 * allocate. The sequence number makes equal times pop in FIFO order.
 *
 * A 4-ary heap halves the depth of a binary one and keeps the four children
 * of a node in one or two cache lines; measured in tests/bench/hold.c against
 * a bare heap with no slots or handles.
 *
 * Replace-top: the event being fired stays at the root, dead, while its
 * handler runs. Most handlers schedule something (the next arrival, the next
 * service end); the first event scheduled then takes the root's place and
 * sifts down once, instead of a removal (sift down) plus an insertion (sift
 * up). If the handler schedules nothing, the dead root is removed after it
 * returns. The dead root never moves meanwhile: it is earliest of all, since
 * every other pending event has t >= now and a later sequence number.
 */
#include <math.h>
#include <stdlib.h>

#include "core.h"
#include <ursim/diag.h>

#define ARITY 4
#define NOT_PENDING UINT32_MAX

struct entry {
    double t;
    uint64_t seq;
    uint32_t slot;
};

struct slot {
    uint64_t arg;
    uint32_t gen;
    uint32_t pos; /* heap index while pending; next free slot otherwise */
    uint16_t handler;
    bool pending;
};

struct handler {
    ur_handler_fn *fn;
    void *model;
    const char *name;
};

struct ur_sim {
    double now;
    uint64_t seq, fired;
    struct entry *heap;
    size_t n, cap;
    struct slot *slots;
    size_t n_slots, slots_cap;
    uint32_t free_head;
    struct handler *handlers;
    uint16_t n_handlers;
    int current;    /* handler running, or -1 */
    bool dead_root; /* heap[0] is the event being fired (see above) */
    bool stop;
    uint64_t budget; /* events a run may fire in all; 0: no limit */
};

static _Thread_local const struct ur_sim *running;

const struct ur_sim *ur_sim_running(void)
{
    return running;
}

struct ur_sim *ur_sim_new(void)
{
    struct ur_sim *sim = calloc(1, sizeof *sim);
    if (sim) {
        sim->free_head = NOT_PENDING;
        sim->current = -1;
    }
    return sim;
}

void ur_sim_free(struct ur_sim *sim)
{
    if (!sim)
        return;
    free(sim->heap);
    free(sim->slots);
    free(sim->handlers);
    free(sim);
}

uint16_t ur_sim_handler(struct ur_sim *sim, const char *name, ur_handler_fn *fn, void *model)
{
    UR_ASSERT(fn && sim->n_handlers < UINT16_MAX);
    struct handler *h = realloc(sim->handlers, (sim->n_handlers + 1u) * sizeof *h);
    UR_ASSERT_MEMORY(h != NULL, "registering a handler");
    sim->handlers = h;
    h[sim->n_handlers] = (struct handler){fn, model, name};
    return sim->n_handlers++;
}

static inline bool before(const struct entry *a, const struct entry *b)
{
    return a->t < b->t || (a->t == b->t && a->seq < b->seq);
}

static inline void place(struct ur_sim *sim, size_t i, struct entry e)
{
    sim->heap[i] = e;
    sim->slots[e.slot].pos = (uint32_t)i;
}

static void sift_up(struct ur_sim *sim, size_t i, struct entry e)
{
    while (i > 0) {
        size_t parent = (i - 1) / ARITY;
        if (!before(&e, &sim->heap[parent]))
            break;
        place(sim, i, sim->heap[parent]);
        i = parent;
    }
    place(sim, i, e);
}

static void sift_down(struct ur_sim *sim, size_t i, struct entry e)
{
    for (;;) {
        size_t first = i * ARITY + 1;
        if (first >= sim->n)
            break;
        size_t last = first + ARITY < sim->n ? first + ARITY : sim->n;
        size_t best = first;
        for (size_t c = first + 1; c < last; c++)
            if (before(&sim->heap[c], &sim->heap[best]))
                best = c;
        if (!before(&sim->heap[best], &e))
            break;
        place(sim, i, sim->heap[best]);
        i = best;
    }
    place(sim, i, e);
}

/* Removes the entry at heap index i, filling the hole with the last entry. */
static void heap_remove(struct ur_sim *sim, size_t i)
{
    struct entry last = sim->heap[--sim->n];
    if (i == sim->n)
        return;
    if (i > 0 && before(&last, &sim->heap[(i - 1) / ARITY]))
        sift_up(sim, i, last);
    else
        sift_down(sim, i, last);
}

static void grow(void **p, size_t *cap, size_t elem)
{
    size_t n = *cap ? *cap * 2 : 64;
    void *q = realloc(*p, n * elem);
    UR_ASSERT_MEMORY(q != NULL, "growing the event set");
    *p = q;
    *cap = n;
}

static uint32_t slot_take(struct ur_sim *sim)
{
    if (sim->free_head != NOT_PENDING) {
        uint32_t s = sim->free_head;
        sim->free_head = sim->slots[s].pos;
        return s;
    }
    UR_ASSERT(sim->n_slots < NOT_PENDING);
    if (sim->n_slots == sim->slots_cap)
        grow((void **)&sim->slots, &sim->slots_cap, sizeof *sim->slots);
    sim->slots[sim->n_slots].gen = 1;
    return (uint32_t)sim->n_slots++;
}

static void slot_release(struct ur_sim *sim, uint32_t s)
{
    struct slot *sl = &sim->slots[s];
    sl->pending = false;
    sl->gen = sl->gen == UINT32_MAX ? 1 : sl->gen + 1;
    sl->pos = sim->free_head;
    sim->free_head = s;
}

ur_event_id ur_sim_at(struct ur_sim *sim, double t_s, uint16_t handler, uint64_t arg)
{
    UR_ASSERT(t_s >= sim->now); /* also rejects NaN */
    UR_ASSERT(handler < sim->n_handlers);
    if (sim->n == sim->cap)
        grow((void **)&sim->heap, &sim->cap, sizeof *sim->heap);
    uint32_t s = slot_take(sim);
    struct slot *sl = &sim->slots[s];
    sl->arg = arg;
    sl->handler = handler;
    sl->pending = true;
    struct entry e = {t_s, sim->seq++, s};
    if (sim->dead_root) {
        sim->dead_root = false;
        sift_down(sim, 0, e);
    } else
        sift_up(sim, sim->n++, e);
    return (uint64_t)s | (uint64_t)sl->gen << 32;
}

ur_event_id ur_sim_after(struct ur_sim *sim, double dt_s, uint16_t handler, uint64_t arg)
{
    UR_ASSERT(dt_s >= 0);
    return ur_sim_at(sim, sim->now + dt_s, handler, arg);
}

static struct slot *lookup(const struct ur_sim *sim, ur_event_id id)
{
    uint32_t s = (uint32_t)id, gen = (uint32_t)(id >> 32);
    if (s >= sim->n_slots || sim->slots[s].gen != gen || !sim->slots[s].pending)
        return NULL;
    return &sim->slots[s];
}

bool ur_sim_cancel(struct ur_sim *sim, ur_event_id id)
{
    struct slot *sl = lookup(sim, id);
    if (!sl)
        return false;
    heap_remove(sim, sl->pos);
    slot_release(sim, (uint32_t)id);
    return true;
}

double ur_sim_event_time(const struct ur_sim *sim, ur_event_id id)
{
    const struct slot *sl = lookup(sim, id);
    return sl ? sim->heap[sl->pos].t : NAN;
}

enum ur_stop ur_sim_run(struct ur_sim *sim, double until_s)
{
    UR_ASSERT(!isnan(until_s));
    const struct ur_sim *outer = running;
    running = sim;
    sim->stop = false; /* a stop requested outside a run does not carry over */
    enum ur_stop why = UR_STOP_EMPTY;
    while (sim->n > 0) {
        struct entry top = sim->heap[0];
        if (top.t > until_s) {
            why = UR_STOP_HORIZON;
            break;
        }
        if (sim->budget && sim->fired >= sim->budget) {
            why = UR_STOP_BUDGET;
            break;
        }
        struct slot *sl = &sim->slots[top.slot];
        uint16_t h = sl->handler;
        uint64_t arg = sl->arg;
        slot_release(sim, top.slot);
        sim->now = top.t;
        sim->current = h;
        sim->dead_root = true;
        sim->handlers[h].fn(sim, sim->handlers[h].model, arg);
        if (sim->dead_root) {
            sim->dead_root = false;
            heap_remove(sim, 0);
        }
        sim->current = -1;
        sim->fired++;
        if (sim->stop) {
            sim->stop = false;
            running = outer;
            return UR_STOP_REQUESTED;
        }
    }
    if (why != UR_STOP_BUDGET && isfinite(until_s) && until_s > sim->now)
        sim->now = until_s;
    running = outer;
    return why;
}

void ur_sim_budget(struct ur_sim *sim, uint64_t max_events)
{
    sim->budget = max_events;
}

void ur_sim_stop(struct ur_sim *sim)
{
    sim->stop = true;
}

double ur_sim_now(const struct ur_sim *sim)
{
    return sim->now;
}

uint64_t ur_sim_events_fired(const struct ur_sim *sim)
{
    return sim->fired;
}

size_t ur_sim_pending(const struct ur_sim *sim)
{
    return sim->n - sim->dead_root;
}

const char *ur_sim_current_handler(const struct ur_sim *sim)
{
    return sim->current >= 0 ? sim->handlers[sim->current].name : NULL;
}
