/* Did-you-mean for unknown keys and names, and word lists for messages.
 * Nearness is the optimal-string-alignment distance (insertions, deletions,
 * substitutions and swaps of neighbours each cost 1), ignoring case: a typo
 * such as `servrs` or `sevrers` is one step from `servers`. A candidate is
 * offered when the distance is at most a third of the longer word (so short
 * keys need near-exact matches), or when one word starts the other. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "input.h"

#define MAX_WORD 64

static size_t min3(size_t a, size_t b, size_t c)
{
    size_t m = a < b ? a : b;
    return m < c ? m : c;
}

static size_t distance(const char *a, size_t la, const char *b, size_t lb)
{
    size_t d[MAX_WORD + 1][MAX_WORD + 1];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            size_t cost = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
            d[i][j] = min3(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
            if (i > 1 && j > 1 &&
                tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 2]) &&
                tolower((unsigned char)a[i - 2]) == tolower((unsigned char)b[j - 1]) &&
                d[i - 2][j - 2] + 1 < d[i][j])
                d[i][j] = d[i - 2][j - 2] + 1;
        }
    return d[la][lb];
}

static bool starts(const char *word, size_t lw, const char *cand, size_t lc)
{
    return lw >= 4 && lc >= 4 && strncasecmp(word, cand, lw < lc ? lw : lc) == 0;
}

const char *in_suggest(const char *word, const char *const *cands, size_t n)
{
    size_t lw = strlen(word), best_d = (size_t)-1;
    const char *best = NULL;
    if (lw > MAX_WORD)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        size_t lc = strlen(cands[i]);
        if (lc > MAX_WORD)
            continue;
        size_t d = distance(word, lw, cands[i], lc);
        size_t longer = lw > lc ? lw : lc;
        bool near = 3 * d <= longer || starts(word, lw, cands[i], lc);
        if (near && d < best_d) {
            best = cands[i];
            best_d = d;
        }
    }
    return best;
}

void in_join(char *buf, size_t size, const char *const *words, size_t n, const char *last_sep)
{
    size_t used = 0;
    if (size == 0)
        return;
    buf[0] = '\0';
    for (size_t i = 0; i < n && used < size; i++) {
        const char *sep = i == 0 ? "" : i + 1 == n ? last_sep : ", ";
        int w = snprintf(buf + used, size - used, "%s%s", sep, words[i]);
        if (w < 0)
            return;
        used += (size_t)w;
    }
}
