/* Delivering a finished unit's results (unit_record.h): its KPIs and parts to
 * the variant's KPI table, its event log and tables to the file. The runner
 * calls it for each unit it runs; a merge and ursim-mpi's rank 0 for each
 * record they receive, so either way the same code writes the same rows. */
#include <stdlib.h>
#include <string.h>

#include "unit_record.h"
#include <ursim/diag.h>

/* KPI rows are in the order units first publish them (every unit of a
 * scenario publishes the same ones in the same order); then the parts. */
static int collect(struct ur_results *res, const struct ur_unit_result *r)
{
    int rc = 0;
    for (size_t i = 0; i < r->n_kpis && rc == 0; i++) {
        const struct ur_kpi *k = &r->kpis[i];
        size_t j = 0;
        while (j < res->n_kpis && strcmp(res->kpis[j].meta.path, k->path) != 0)
            j++;
        if (j == res->n_kpis)
            rc = ur_results_add_row(res, k);
        if (rc == 0)
            res->kpis[j].per_rep[r->rep] = k->value;
    }
    if (rc == 0)
        rc = ur_results_add_part_list(res, r->rep, r->parts, r->n_parts);
    res->events += r->events;
    return rc;
}

/* The log's count (and replication 0's first rows) for the printout. Each
 * unit writes only its own slot. */
static int keep_log(struct ur_results *res, const struct ur_unit_result *r)
{
    res->log_rows[r->rep] = r->n_logs;
    if (r->rep != 0 || r->n_logs == 0)
        return 0;
    size_t keep = r->n_logs < UR_RESULTS_LOG_SHOWN ? r->n_logs : UR_RESULTS_LOG_SHOWN;
    res->log_first = malloc(keep * sizeof *res->log_first);
    if (!res->log_first)
        return UR_ENOMEM;
    memcpy(res->log_first, r->logs, keep * sizeof *r->logs);
    res->n_log_first = keep;
    return 0;
}

int ur_unit_deliver(const struct ur_unit_target *to, const struct ur_unit_result *r)
{
    if (r->rep >= to->res->n_reps)
        return UR_EINPUT;
    if (to->lock)
        pthread_mutex_lock(to->lock);
    int rc = collect(to->res, r);
    if (to->lock)
        pthread_mutex_unlock(to->lock);
    if (rc == 0)
        rc = keep_log(to->res, r);
    const char *g = to->group ? to->group : "";
    if (rc == 0 && to->out)
        rc = ur_out_log(to->out, g, r->rep, r->logs, r->n_logs);
    for (size_t i = 0; to->out && rc == 0 && i < r->n_tables; i++)
        rc = ur_out_table(to->out, g, r->rep, &r->tables[i]);
    return rc;
}
