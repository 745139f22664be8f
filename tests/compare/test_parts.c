/* KPI parts from the recorder to the split of a difference, without a model:
 * the recorder keeps parts; the results table puts them in the same order
 * whatever order the replications come in, and counts a part a replication
 * did not publish as 0; a split sums to the KPI's difference per
 * replication, gives each part its mean, interval and share, and takes the
 * variant's own parts after the baseline's; the largest share is the one in
 * the difference's direction. Numbers are small integers or halves, so
 * every sum is exact. */
#include <stdlib.h>

#include "check.h"
#include "compare.h"

/* One replication of one variant: KPI "k" = a + b (+ c when has_c). */
static struct ur_rec *publish(double a, double b, double c, bool has_c, bool c_first)
{
    struct ur_rec *rec = ur_rec_new(NULL, 1);
    ur_rec_kpi(rec, "k", "cases", "a count", a + b + (has_c ? c : 0));
    if (has_c && c_first)
        ur_rec_kpi_part(rec, "k", "type", "c", c);
    ur_rec_kpi_part(rec, "k", "type", "a", a);
    ur_rec_kpi_part(rec, "k", "type", "b", b);
    if (has_c && !c_first)
        ur_rec_kpi_part(rec, "k", "type", "c", c);
    ur_rec_kpi_part(rec, "k", "street", "s0", a + b + (has_c ? c : 0));
    return rec;
}

/* Collects replications in the order `order` into res (n_reps 3). */
static void collect(struct ur_results *res, const size_t *order, const double (*v)[3],
                    const bool *has_c)
{
    *res = (struct ur_results){.n_reps = 3};
    for (size_t i = 0; i < 3; i++) {
        size_t r = order[i];
        struct ur_rec *rec = publish(v[r][0], v[r][1], v[r][2], has_c[r], r == 2);
        const struct ur_kpi *k = ur_rec_kpi_at(rec, 0);
        if (res->n_kpis == 0)
            CHECK_EQ(ur_results_add_row(res, k), 0);
        res->kpis[0].per_rep[r] = k->value;
        CHECK_EQ(ur_results_add_parts(res, r, rec), 0);
        ur_rec_free(rec);
    }
    ur_results_sort_parts(res);
}

static void test_recorder(void)
{
    struct ur_rec *rec = publish(1, 2, 0, false, false);
    CHECK_EQ(ur_rec_n_parts(rec), 3);
    const struct ur_kpi_part *p = ur_rec_part_at(rec, 1);
    CHECK(strcmp(p->kpi, "k") == 0 && strcmp(p->dimension, "type") == 0 &&
          strcmp(p->part, "b") == 0 && p->value == 2);
    CHECK(ur_rec_part_at(rec, 3) == NULL);
    ur_rec_free(rec);
}

/* Part c is published by replications 1 (last) and 2 (first) only. */
static const double base_v[3][3] = {{1, 2, 0}, {2, 2, 1}, {3, 1, 1}};
static const bool base_c[3] = {false, true, true};

static void test_order(void)
{
    static const size_t orders[][3] = {{0, 1, 2}, {2, 1, 0}, {1, 2, 0}, {2, 0, 1}};
    const char *expect[] = {"a", "b", "s0", "c"}; /* rep 0's order, then c from rep 1 */
    for (size_t o = 0; o < 4; o++) {
        struct ur_results res;
        collect(&res, orders[o], base_v, base_c);
        CHECK_EQ(res.n_parts, 4);
        for (size_t i = 0; i < res.n_parts && i < 4; i++)
            CHECK(strcmp(res.parts[i].part, expect[i]) == 0);
        const struct ur_part_row *c = &res.parts[3];
        CHECK(c->per_rep[0] == 0 && c->per_rep[1] == 1 && c->per_rep[2] == 1);
        ur_results_fini(&res);
    }
}

static void test_split(void)
{
    static const size_t order[3] = {0, 1, 2};
    /* the variant: a gains 2, 4, 6; b loses 1 in each; c only in rep 0 (+0.5) */
    static const double var_v[3][3] = {{3, 1, 0.5}, {6, 1, 0}, {9, 0, 0}};
    static const bool var_c[3] = {true, false, false};
    struct ur_results res[2];
    collect(&res[0], order, base_v, base_c);
    collect(&res[1], order, var_v, var_c);
    struct ur_split s;
    CHECK_EQ(ur_split_build(&res[0], &res[1], "k", "type", &s), 0);
    CHECK_EQ(s.n_parts, 3);
    const char *names[] = {"a", "b", "c"};
    /* c: 0.5 - 0, 0 - 1, 0 - 1 */
    const double d[3][3] = {{2, 4, 6}, {-1, -1, -1}, {0.5, -1, -1}};
    for (size_t p = 0; p < 3; p++) {
        CHECK(strcmp(s.names[p], names[p]) == 0);
        for (size_t r = 0; r < 3; r++)
            CHECK(s.diff[p * 3 + r] == d[p][r]);
    }
    for (size_t r = 0; r < 3; r++) /* the parts sum to the KPI's difference */
        CHECK(s.diff[r] + s.diff[3 + r] + s.diff[6 + r] ==
              res[1].kpis[0].per_rep[r] - res[0].kpis[0].per_rep[r]);
    /* total: 1.5, 2, 4 -> mean 2.5; a: mean 4, sd 2, t(0.975, 2) = 4.302653 */
    CHECK_NEAR(s.total.mean, 2.5, 1e-15);
    CHECK_NEAR(s.mean[0], 4, 1e-15);
    CHECK_NEAR(s.sd[0], 2, 1e-15);
    CHECK_NEAR(s.hi[0], 4 + 4.302652729911275 * 2 / sqrt(3), 1e-9);
    CHECK_NEAR(s.share[0], 4 / 2.5, 1e-15);
    CHECK_NEAR(s.share[1], -1 / 2.5, 1e-15);
    CHECK_NEAR(s.share[0] + s.share[1] + s.share[2], 1, 1e-15);
    double share;
    CHECK_EQ(ur_compare_largest_share(s.mean, s.n_parts, s.total.mean, &share), 0);
    CHECK_NEAR(share, 1.6, 1e-15);
    double neg = -2.5; /* a loss: the largest share of it is b's */
    CHECK_EQ(ur_compare_largest_share(s.mean, s.n_parts, neg, &share), 1);
    CHECK_NEAR(share, 0.4, 1e-15);
    CHECK_EQ(ur_compare_largest_share(s.mean, s.n_parts, 0, &share), 3);
    CHECK(isnan(share));
    ur_split_free(&s);
    /* the other way round, by street: one part, all of it */
    CHECK_EQ(ur_split_build(&res[1], &res[0], "k", "street", &s), 0);
    CHECK_EQ(s.n_parts, 1);
    CHECK_NEAR(s.share[0], 1, 1e-15);
    ur_split_free(&s);
    ur_results_fini(&res[0]);
    ur_results_fini(&res[1]);
}

/* A replication whose KPI difference is NaN: its parts' are NaN too. */
static void test_nan(void)
{
    struct ur_results res[2];
    static const size_t order[3] = {0, 1, 2};
    collect(&res[0], order, base_v, base_c);
    collect(&res[1], order, base_v, base_c);
    res[1].kpis[0].per_rep[1] = NAN;
    struct ur_split s;
    CHECK_EQ(ur_split_build(&res[0], &res[1], "k", "type", &s), 0);
    CHECK(isnan(s.diff[1]) && s.diff[0] == 0 && s.diff[2] == 0);
    CHECK_EQ(s.total.n, 2);
    CHECK(isnan(s.share[0])); /* no difference: no share */
    ur_split_free(&s);
    ur_results_fini(&res[0]);
    ur_results_fini(&res[1]);
}

int main(void)
{
    test_recorder();
    test_order();
    test_split();
    test_nan();
    return ur_check_summary("test_parts");
}
