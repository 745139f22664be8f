/* Named random streams: one GSL mt19937 generator per (base seed, replication,
 * name), so a source's draws depend on nothing but its own name.
 *
 * Seed of a stream (64 bits, all arithmetic modulo 2^64):
 *     h    = FNV-1a-64(name)       offset 0xcbf29ce484222325, prime 0x100000001b3,
 *                                  over the bytes of name without the final NUL
 *     M(x) = F(x + 0x9e3779b97f4a7c15)
 *     F(z) = z ^= z >> 30; z *= 0xbf58476d1ce4e5b9;
 *            z ^= z >> 27; z *= 0x94d049bb133111eb; z ^= z >> 31
 *            (the SplitMix64 finaliser, Steele, Lea & Flood 2014)
 *     seed = M(M(M(base) ^ replication) ^ h)
 * F is a bijection, so for fixed (base, replication) distinct name hashes give
 * distinct seeds, and likewise along each of the other two arguments; the
 * finaliser's avalanche makes neighbouring inputs (replication 3 and 4) give
 * unrelated seeds.
 *
 * Why not gsl_rng_set(r, seed)? GSL's mt19937 keeps only the low 32 bits of
 * the seed, and among ~20,000 streams two 32-bit seeds collide with a chance
 * of a few percent (birthday bound n^2 / 2^33); such streams would be
 * identical. GSL offers no 64-bit seeding for any of its generators, so we
 * write the whole state ourselves through gsl_rng_state(), whose layout for
 * mt19937 is GSL's mt_state_t {unsigned long mt[624]; int mti;} (rng/mt.c):
 *     s = seed; x_i = SplitMix64 next (s += 0x9e3779b97f4a7c15; x_i = F(s))
 *     mt[i] = x_i >> 32 (the high 32 bits), i = 0..623; mti = 624
 * with mt[0] then given its top bit set, as Matsumoto and Nishimura's
 * init_by_array does: of mt[0] only that bit enters the recurrence, and it
 * guarantees the state is not all zero. Words are kept to 32 bits because
 * GSL's generator assumes it (its tempering would leak the high bits).
 * mti = 624 makes the first draw regenerate the block, as after mt_set.
 * The layout is checked against gsl_rng_size() at run time.
 *
 * Streams are kept in an open-addressing hash table keyed by name; lookups
 * happen when models are built, not in event handlers.
 */
#include <stdlib.h>
#include <string.h>

#include <ursim/diag.h>
#include <ursim/rng.h>

#define MT_N 624
#define GOLDEN_GAMMA 0x9e3779b97f4a7c15ULL

/* Mirror of GSL's private mt_state_t (gsl-2.7.1/rng/mt.c). */
struct gsl_mt_state {
    unsigned long mt[MT_N];
    int mti;
};

struct stream {
    char *name; /* NULL: empty bucket */
    uint64_t hash;
    gsl_rng *r;
};

struct ur_rng_bank {
    uint64_t base_seed, replication;
    struct stream *table;
    size_t n, cap; /* cap is a power of two; n <= cap / 2 */
};

static uint64_t fnv1a64(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 0x100000001b3ULL;
    }
    return h;
}

static uint64_t splitmix64_finalise(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static uint64_t mix(uint64_t x)
{
    return splitmix64_finalise(x + GOLDEN_GAMMA);
}

uint64_t ur_rng_seed(uint64_t base_seed, uint64_t replication, const char *name)
{
    return mix(mix(mix(base_seed) ^ replication) ^ fnv1a64(name));
}

/* A new mt19937 whose full state comes from the 64-bit seed (see the top). */
static gsl_rng *stream_alloc(uint64_t seed)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    UR_ASSERT_MEMORY(r != NULL, "allocating a random stream");
    UR_ASSERT(gsl_rng_size(r) == sizeof(struct gsl_mt_state) &&
              "GSL's mt19937 state layout is not the one bank.c writes");
    struct gsl_mt_state *st = gsl_rng_state(r);
    uint64_t s = seed;
    for (int i = 0; i < MT_N; i++) {
        s += GOLDEN_GAMMA;
        st->mt[i] = (unsigned long)(splitmix64_finalise(s) >> 32);
    }
    st->mt[0] |= 0x80000000UL;
    st->mti = MT_N;
    return r;
}

struct ur_rng_bank *ur_rng_bank_new(uint64_t base_seed, uint64_t replication)
{
    struct ur_rng_bank *bank = calloc(1, sizeof *bank);
    if (!bank)
        return NULL;
    bank->base_seed = base_seed;
    bank->replication = replication;
    bank->cap = 64;
    bank->table = calloc(bank->cap, sizeof *bank->table);
    if (!bank->table) {
        free(bank);
        return NULL;
    }
    return bank;
}

void ur_rng_bank_free(struct ur_rng_bank *bank)
{
    if (!bank)
        return;
    for (size_t i = 0; i < bank->cap; i++) {
        free(bank->table[i].name);
        if (bank->table[i].r)
            gsl_rng_free(bank->table[i].r);
    }
    free(bank->table);
    free(bank);
}

/* The bucket holding `name`, or the empty bucket where it belongs. */
static struct stream *find(struct stream *table, size_t cap, const char *name, uint64_t hash)
{
    size_t i = (size_t)hash & (cap - 1);
    while (table[i].name && (table[i].hash != hash || strcmp(table[i].name, name) != 0))
        i = (i + 1) & (cap - 1);
    return &table[i];
}

static void grow(struct ur_rng_bank *bank)
{
    size_t cap = bank->cap * 2;
    struct stream *table = calloc(cap, sizeof *table);
    UR_ASSERT_MEMORY(table != NULL, "growing the stream bank");
    for (size_t i = 0; i < bank->cap; i++)
        if (bank->table[i].name)
            *find(table, cap, bank->table[i].name, bank->table[i].hash) = bank->table[i];
    free(bank->table);
    bank->table = table;
    bank->cap = cap;
}

gsl_rng *ur_rng_stream(struct ur_rng_bank *bank, const char *name)
{
    UR_ASSERT(bank != NULL && name != NULL);
    uint64_t hash = fnv1a64(name);
    struct stream *s = find(bank->table, bank->cap, name, hash);
    if (s->name)
        return s->r;
    if (2 * (bank->n + 1) > bank->cap) {
        grow(bank);
        s = find(bank->table, bank->cap, name, hash);
    }
    size_t len = strlen(name) + 1;
    s->name = malloc(len);
    UR_ASSERT_MEMORY(s->name != NULL, "naming a random stream");
    memcpy(s->name, name, len);
    s->hash = hash;
    s->r = stream_alloc(ur_rng_seed(bank->base_seed, bank->replication, name));
    bank->n++;
    return s->r;
}
