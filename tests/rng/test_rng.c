/* Named streams, the GSL error handler and the replication interval.
 *
 * Reference values for the seed hash and the first draws of a stream were
 * computed independently in Python (the formula in sim/rng/bank.c, then
 * random.Random().setstate() with the same 624 words: CPython's generator is
 * the reference MT19937, so this also checks we wrote GSL's state correctly).
 */
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sf_gamma.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include <ursim/rng.h>
#include <ursim/stats.h>

static void test_seed_reference(void)
{
    CHECK(ur_rng_seed(1, 0, "station.windows.service") == 0xd345a38204c7ee31ULL);
    CHECK(ur_rng_seed(0, 0, "") == 0x7dc2c42b173ebf65ULL);
    CHECK(ur_rng_seed(42, 7, "surge.arrivals") == 0x6d7fdb5a6bc35383ULL);

    static const unsigned long first[3][3] = {{1136334646, 3603899214, 2716430515},
                                              {3022213388, 699888211, 2896052059},
                                              {172004372, 205229077, 3580157518}};
    static const struct {
        uint64_t base, rep;
        const char *name;
    } id[3] = {{1, 0, "station.windows.service"}, {0, 0, ""}, {42, 7, "surge.arrivals"}};
    for (int i = 0; i < 3; i++) {
        struct ur_rng_bank *bank = ur_rng_bank_new(id[i].base, id[i].rep);
        gsl_rng *r = ur_rng_stream(bank, id[i].name);
        for (int k = 0; k < 3; k++)
            CHECK_EQ(gsl_rng_get(r), first[i][k]);
        ur_rng_bank_free(bank);
    }
}

static int bits_set(uint64_t x)
{
    int n = 0;
    for (; x; x &= x - 1)
        n++;
    return n;
}

static int compare_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* 3 bases x 20 replications x 500 names: all 30,000 seeds distinct, and
 * neighbours differ in about half their bits (avalanche). */
static void test_seed_spread(void)
{
    enum { BASES = 3, REPS = 20, NAMES = 500, N = BASES * REPS * NAMES };
    uint64_t *seed = malloc(N * sizeof *seed);
    size_t k = 0;
    char name[32];
    for (uint64_t b = 0; b < BASES; b++)
        for (uint64_t rep = 0; rep < REPS; rep++)
            for (int i = 0; i < NAMES; i++) {
                snprintf(name, sizeof name, "model.source%d", i);
                seed[k++] = ur_rng_seed(b, rep, name);
            }
    /* Hamming distance between replication 0 and 1 of one name: binomial
     * (64, 1/2) has sd 4, so over 500 names the mean lies in 32 +- 4.4*4/sqrt(500). */
    double bits = 0;
    for (int i = 0; i < NAMES; i++)
        bits += bits_set(seed[i] ^ seed[NAMES + i]);
    CHECK_NEAR(bits / NAMES, 32.0, 4.4 * 4.0 / sqrt(NAMES));
    qsort(seed, N, sizeof *seed, compare_u64);
    size_t dups = 0;
    for (size_t i = 1; i < N; i++)
        dups += seed[i] == seed[i - 1];
    CHECK_EQ(dups, 0);
    free(seed);
}

/* Same (base, replication, name) -> same draws, whatever else the bank holds
 * and whatever other streams drew in between. */
static void test_reproducible_and_separate(void)
{
    enum { N = 5000 };
    struct ur_rng_bank *alone = ur_rng_bank_new(7, 3), *busy = ur_rng_bank_new(7, 3);
    gsl_rng *a = ur_rng_stream(alone, "station.service");
    gsl_rng *noise1 = ur_rng_stream(busy, "station.arrivals");
    gsl_rng *b = ur_rng_stream(busy, "station.service");
    CHECK(ur_rng_stream(busy, "station.service") == b);
    size_t same = 0;
    for (int i = 0; i < N; i++) {
        gsl_rng_get(noise1);
        if (i == N / 2) /* a new stream mid-way changes nothing either */
            gsl_rng_get(ur_rng_stream(busy, "late.stream"));
        same += gsl_rng_get(a) == gsl_rng_get(b);
    }
    CHECK_EQ(same, N);
    ur_rng_bank_free(alone);
    ur_rng_bank_free(busy);
}

/* Streams differing in one of (base, replication, name) share no prefix,
 * and their uniforms are uncorrelated: the sample correlation of independent
 * pairs is ~ N(0, 1/n), so |r| <= 4.4 / sqrt(n) (two-sided 1e-5). */
static void test_streams_differ(void)
{
    enum { N = 100000 };
    struct ur_rng_bank *b0 = ur_rng_bank_new(1, 0), *b1 = ur_rng_bank_new(1, 1),
                       *b2 = ur_rng_bank_new(2, 0);
    gsl_rng *r[4] = {ur_rng_stream(b0, "x"), ur_rng_stream(b0, "y"), ur_rng_stream(b1, "x"),
                     ur_rng_stream(b2, "x")};
    double sx[4] = {0}, sxx[4] = {0}, sxy[4] = {0};
    size_t equal[4] = {0};
    for (int i = 0; i < N; i++) {
        double u[4];
        for (int s = 0; s < 4; s++)
            u[s] = gsl_rng_uniform(r[s]) - 0.5;
        for (int s = 0; s < 4; s++) {
            sx[s] += u[s];
            sxx[s] += u[s] * u[s];
            sxy[s] += u[0] * u[s];
            equal[s] += u[s] == u[0];
        }
    }
    for (int s = 1; s < 4; s++) {
        double cov = sxy[s] / N - sx[0] / N * sx[s] / N;
        double corr =
            cov / sqrt((sxx[0] / N - pow(sx[0] / N, 2)) * (sxx[s] / N - pow(sx[s] / N, 2)));
        CHECK_NEAR(corr, 0.0, 4.4 / sqrt(N));
        CHECK(equal[s] < 3); /* 2^-32 per draw: a handful would be a shared sequence */
    }
    ur_rng_bank_free(b0);
    ur_rng_bank_free(b1);
    ur_rng_bank_free(b2);
}

/* Many streams in one bank: the table grows, pointers stay, and the first
 * two draws (64 bits) of every stream differ from every other's. */
static void test_many_streams(void)
{
    enum { N = 2000 };
    struct ur_rng_bank *bank = ur_rng_bank_new(99, 0);
    gsl_rng **seen = malloc(N * sizeof *seen);
    uint64_t *prefix = malloc(N * sizeof *prefix);
    char name[32];
    for (int i = 0; i < N; i++) {
        snprintf(name, sizeof name, "grid.feeder%d.failure", i);
        seen[i] = ur_rng_stream(bank, name);
        prefix[i] = (uint64_t)gsl_rng_get(seen[i]) << 32 | gsl_rng_get(seen[i]);
    }
    size_t stable = 0, dups = 0;
    for (int i = 0; i < N; i++) {
        snprintf(name, sizeof name, "grid.feeder%d.failure", i);
        stable += ur_rng_stream(bank, name) == seen[i];
    }
    CHECK_EQ(stable, N);
    qsort(prefix, N, sizeof *prefix, compare_u64);
    for (int i = 1; i < N; i++)
        dups += prefix[i] == prefix[i - 1];
    CHECK_EQ(dups, 0);
    free(seen);
    free(prefix);
    ur_rng_bank_free(bank);
}

static void test_ci95(void)
{
    /* 1..10: mean 5.5, sd = sqrt(82.5 / 9) = 3.0276504, t_{0.975,9} =
     * 2.2621572 (t tables), half = 2.2621572 * 3.0276504 / sqrt(10) = 2.1658506. */
    double x[12] = {1, 2, 3, NAN, 4, 5, 6, 7, 8, 9, NAN, 10};
    struct ur_ci ci = ur_ci95(x, 12);
    CHECK_EQ(ci.n, 10);
    CHECK_NEAR(ci.mean, 5.5, 1e-12);
    CHECK_NEAR(ci.sd, 3.0276504, 1e-7);
    CHECK_NEAR(ci.half, 2.1658506, 1e-6);
    CHECK_NEAR(ci.lo, 5.5 - 2.1658506, 1e-6);
    CHECK_NEAR(ci.hi, 5.5 + 2.1658506, 1e-6);
    /* n = 2: {0, 2}: sd = sqrt(2), t_{0.975,1} = 12.706205, half = 12.706205. */
    double two[2] = {0, 2};
    ci = ur_ci95(two, 2);
    CHECK_NEAR(ci.half, 12.706205, 1e-5);

    double one[3] = {NAN, 4.25, NAN};
    ci = ur_ci95(one, 3);
    CHECK_EQ(ci.n, 1);
    CHECK_NEAR(ci.mean, 4.25, 0);
    CHECK(isnan(ci.sd) && isnan(ci.half) && isnan(ci.lo) && isnan(ci.hi));
    ci = ur_ci95(one, 1);
    CHECK(ci.n == 0 && isnan(ci.mean) && isnan(ci.half));
    ci = ur_ci95(NULL, 0);
    CHECK(ci.n == 0 && isnan(ci.mean));
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
        _exit(0); /* not reached if fn panics */
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

static void gsl_domain_error(void)
{
    ur_rng_install_gsl_handler();
    volatile double x = gsl_sf_gamma(-1.0); /* a pole: GSL_EDOM */
    (void)x;
}

static void draw_unset(void)
{
    struct ur_dist d = {.kind = UR_DIST_NONE};
    struct ur_rng_bank *bank = ur_rng_bank_new(1, 1);
    ur_dist_draw(&d, ur_rng_stream(bank, "x"));
}

static void test_panics(void)
{
    CHECK(panics_with(gsl_domain_error, "GSL error 1 (input domain error)"));
    CHECK(panics_with(draw_unset, "never set"));
}

int main(void)
{
    test_seed_reference();
    test_seed_spread();
    test_reproducible_and_separate();
    test_streams_differ();
    test_many_streams();
    test_ci95();
    test_panics();
    return ur_check_summary("test_rng");
}
