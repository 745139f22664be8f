/* Volunteer drivers: every volunteers.check, a stand whose shown wait is at
 * least join_above gains one volunteer (up to its ceiling, which the plan's
 * call_volunteers raises, and the stand's max_servers); one whose shown wait
 * is below leave_below loses one. Volunteers are the servers beyond the
 * stand's regular drivers, so the trips they drive are counted by server
 * number (city_flow.c). Event: "city.taxi_check" per stand.
 */
#include "city_internal.h"

static void on_taxi_check(struct ur_sim *sim, void *model, uint64_t arg)
{
    (void)arg;
    struct city_taxi_state *t = model;
    const struct city_volunteers *v = &t->cfg->volunteers;
    ur_sim_after(sim, v->check_s, t->h_check, 0);
    double shown = station_shown_wait(t->stand);
    uint32_t open = station_open(t->stand);
    long volunteers = (long)open - (long)t->base;
    if (shown >= v->join_above_s && volunteers < t->volunteers_max &&
        open < station_max_servers(t->stand))
        station_set_open(t->stand, open + 1);
    else if (shown < v->leave_below_s && volunteers > 0)
        station_set_open(t->stand, open - 1);
}

int city_taxis_init(struct city *c)
{
    for (size_t i = 0; i < c->n_taxis; i++) {
        struct city_taxi_state *t = &c->taxis[i];
        if (!t->cfg->has_volunteers)
            continue;
        t->h_check = ur_sim_handler(c->env->sim, "city.taxi_check", on_taxi_check, t);
        ur_sim_at(c->env->sim, t->cfg->volunteers.check_s, t->h_check, 0);
    }
    return 0;
}
