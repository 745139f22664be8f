/* Recorders: how models publish results without knowing about HDF5.
 *
 * Time series: during create, a model registers its series and one sample
 * callback. Every sample_interval the runner calls the callbacks, which put
 * one value per series describing the interval (t - dt, t]. Samples are
 * buffered in blocks and handed to a sink as the run goes, so memory does not
 * grow with the horizon.
 *
 * KPIs: at finish, a model publishes one value per KPI for this replication.
 *
 * Event log: at any time, a model logs a row (time, source, event, detail,
 * value) for what a reader of the run would want to see happen: an emergency
 * plan's trigger firing, one of its actions taking effect. The runner writes
 * every replication's rows, in replication order, to the results file's
 * /plan_log table. Rows are kept in memory until the replication ends, so log
 * events, not every arrival.
 *
 * Paths are relative and '/'-separated: "stations/windows/queue_length" ends
 * up as /timeseries/stations/windows/queue_length, a KPI path as
 * /summary/stations/windows/wait_served_mean. Strings are copied.
 */
#ifndef URSIM_RECORD_H
#define URSIM_RECORD_H

#include <stddef.h>

struct ur_rec;

/* Registers a series; returns its id (>= 0) or UR_ENOMEM. Only before the
 * first sample. */
int ur_rec_series(struct ur_rec *rec, const char *path, const char *units,
                  const char *description);
/* Called at each sample time t_s with the interval length dt_s. */
typedef void ur_sample_fn(void *model, double t_s, double dt_s, struct ur_rec *rec);
int ur_rec_on_sample(struct ur_rec *rec, ur_sample_fn *fn, void *model);
/* Inside a sample callback: the value of `series` for this sample. A series
 * left unset in a sample reads NaN. */
void ur_rec_put(struct ur_rec *rec, int series, double value);
/* At finish: one KPI value for this replication. Returns 0 or UR_ENOMEM. */
int ur_rec_kpi(struct ur_rec *rec, const char *path, const char *units, const char *description,
               double value);

/* Headline KPIs: what a reader of the run should see first (the terminal
 * summary, the report's headline and KPI table, the comparison's "best
 * variant"). After publishing KPI `path` with ur_rec_kpi in this
 * replication, a model marks it: `rank` 1 is the most important (shown
 * first; 1 for a whole model's outcome, 2 for each queue or unit, 3 for
 * detail), `better` says which way is good (NONE when neither, e.g. a
 * count of visitors). Stored with the KPI in the results file as the
 * attributes `headline_rank` and `better` ("higher"/"lower"), so readers
 * of the file need no list of paths. Marking a KPI not yet published in
 * this replication is a bug (UR_ASSERT); marking it twice keeps the last. */
enum ur_better { UR_BETTER_NONE = 0, UR_BETTER_HIGHER = 1, UR_BETTER_LOWER = -1 };
void ur_rec_headline(struct ur_rec *rec, const char *path, int rank, enum ur_better better);

/* Parts of a KPI: where its value comes from. A KPI that is a sum over
 * cases (a count, a share ok/N, a mean's sum/N) is also the sum of its parts
 * along a `dimension` ("type", "street", "grid", "site"): the part `part` of
 * that dimension is the same sum over the part's cases only (ok_k / N for a
 * share, the part's count for a count). After publishing KPI `kpi` with
 * ur_rec_kpi in this replication, a model publishes every part of every
 * dimension it knows, zeros included, so that along each dimension the parts
 * sum to the KPI (up to rounding); the comparison of variants then splits
 * each paired difference the same way (/comparison/<kpi>/by_<dimension>/).
 * A part not published in a replication counts 0 there; publish none when
 * the KPI is NaN. Units are the KPI's. Publishing a part of a KPI not yet
 * published in this replication is a bug (UR_ASSERT). Strings are copied.
 * Returns 0 or UR_ENOMEM. */
int ur_rec_kpi_part(struct ur_rec *rec, const char *kpi, const char *dimension, const char *part,
                    double value);

/* Widths of the log's text fields in bytes, terminating NUL included (they are
 * the fixed-length string columns of /plan_log): at most 63 bytes of source,
 * 31 of event and 127 of detail are kept. Longer text is cut at the last whole
 * UTF-8 character that fits (never inside a multi-byte character; for input
 * that is not UTF-8, at most 3 more bytes are dropped looking for one). */
#define UR_LOG_SOURCE_SIZE 64
#define UR_LOG_EVENT_SIZE 32
#define UR_LOG_DETAIL_SIZE 128
/* Any time: appends a row to this replication's log. `source` names the
 * logging instance ("plan.queue_alarm"), `event` what happened ("fired",
 * "open_windows"), `detail` free text ("windows 40 -> 60"), `value` a number
 * that goes with the event (NaN when there is none). Strings are copied
 * (NULL reads ""). Returns 0 or UR_ENOMEM. */
int ur_rec_log(struct ur_rec *rec, double t_s, const char *source, const char *event,
               const char *detail, double value);

/* Tables of numeric rows (one row per case, say), written to the results
 * file as <group>/tables/<path>, an HDF5 table whose first column is the
 * replication. Register before the run (at model creation): returns the
 * table's id (>= 0) or UR_ENOMEM; `columns` are n_cols names (copied),
 * n_cols <= UR_TABLE_MAX_COLS. */
#define UR_TABLE_MAX_COLS 32
int ur_rec_table(struct ur_rec *rec, const char *path, size_t n_cols, const char *const *columns,
                 const char *units, const char *description);
/* Any time: appends a row of the table's n_cols values. 0 or UR_ENOMEM. */
int ur_rec_row(struct ur_rec *rec, int table, const double *values);

/* ---- runner side ---- */

struct ur_table_info {
    const char *path, *units, *description;
    size_t n_cols;
    char **columns;
    const double *rows; /* n_rows x n_cols, row after row */
    size_t n_rows;
};
size_t ur_rec_n_tables(const struct ur_rec *rec);
const struct ur_table_info *ur_rec_table_at(const struct ur_rec *rec, size_t i);

struct ur_series_info {
    const char *path, *units, *description;
};
/* Receives n consecutive samples [first, first + n) of one series. */
struct ur_sink {
    void *ctx;
    int (*write)(void *ctx, const struct ur_series_info *s, size_t first, size_t n,
                 const double *values);
};
struct ur_kpi {
    const char *path, *units, *description;
    double value;
    int headline_rank;     /* 0: not a headline (see ur_rec_headline) */
    enum ur_better better; /* meaningful when headline_rank > 0 */
};
/* One part of a KPI (ur_rec_kpi_part). */
struct ur_kpi_part {
    const char *kpi, *dimension, *part;
    double value;
};
/* One row of the event log; the strings are NUL-terminated within their
 * arrays (see UR_LOG_SOURCE_SIZE). */
struct ur_log_row {
    double t_s;
    char source[UR_LOG_SOURCE_SIZE];
    char event[UR_LOG_EVENT_SIZE];
    char detail[UR_LOG_DETAIL_SIZE];
    double value;
};

/* `block`: samples buffered per series before a write. NULL when out of memory. */
struct ur_rec *ur_rec_new(const struct ur_sink *sink, size_t block);
void ur_rec_free(struct ur_rec *rec);
/* Runs every sample callback for time t_s, interval dt_s; writes a block to
 * the sink when full. Returns 0 or the sink's error. */
int ur_rec_sample(struct ur_rec *rec, double t_s, double dt_s);
/* Writes buffered samples. Returns 0 or the sink's error. */
int ur_rec_flush(struct ur_rec *rec);
size_t ur_rec_n_series(const struct ur_rec *rec);
const struct ur_series_info *ur_rec_series_at(const struct ur_rec *rec, size_t i);
size_t ur_rec_n_samples(const struct ur_rec *rec);
size_t ur_rec_n_kpis(const struct ur_rec *rec);
const struct ur_kpi *ur_rec_kpi_at(const struct ur_rec *rec, size_t i);
/* The parts, in publishing order. */
size_t ur_rec_n_parts(const struct ur_rec *rec);
const struct ur_kpi_part *ur_rec_part_at(const struct ur_rec *rec, size_t i);
/* The log rows, in logging order. They are contiguous: ur_rec_log_at(rec, 0)
 * is an array of ur_rec_n_logs(rec) rows (NULL when there are none), valid
 * until the next ur_rec_log or ur_rec_free. */
size_t ur_rec_n_logs(const struct ur_rec *rec);
const struct ur_log_row *ur_rec_log_at(const struct ur_rec *rec, size_t i);

#endif
