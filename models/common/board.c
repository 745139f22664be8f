/* The board's lookups: names to metrics and actions, over declarations. */
#include <stdio.h>
#include <string.h>

#include <ursim/diag.h>

#include "board.h"

void board_add(struct board *b, const struct board_decl *decl, void *model)
{
    UR_ASSERT(b->n < BOARD_MAX && "too many models on the board");
    b->entry[b->n++] = (struct board_entry){.decl = decl, .model = model};
}

const struct board_metric *board_find_metric(const struct board_decl *const *decls, size_t n,
                                             const char *name, size_t *at)
{
    for (size_t d = 0; name && d < n; d++)
        for (size_t k = 0; k < decls[d]->n_metrics; k++)
            if (strcmp(decls[d]->metrics[k].name, name) == 0) {
                if (at)
                    *at = d;
                return &decls[d]->metrics[k];
            }
    return NULL;
}

const struct board_action *board_find_action(const struct board_decl *const *decls, size_t n,
                                             const char *name, size_t *at)
{
    for (size_t d = 0; name && d < n; d++)
        for (size_t k = 0; k < decls[d]->n_actions; k++)
            if (strcmp(decls[d]->actions[k].name, name) == 0) {
                if (at)
                    *at = d;
                return &decls[d]->actions[k];
            }
    return NULL;
}

static void append(char *buf, size_t size, size_t *used, const char *name)
{
    int w = snprintf(buf + *used, size - *used, "%s%s", *used ? ", " : "", name);
    if (w > 0)
        *used = *used + (size_t)w < size ? *used + (size_t)w : size - 1;
}

void board_metric_names(const struct board_decl *const *decls, size_t n, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = 0;
    for (size_t d = 0; d < n; d++)
        for (size_t k = 0; k < decls[d]->n_metrics; k++)
            append(buf, size, &used, decls[d]->metrics[k].name);
}

void board_action_names(const struct board_decl *const *decls, size_t n, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = 0;
    for (size_t d = 0; d < n; d++)
        for (size_t k = 0; k < decls[d]->n_actions; k++)
            append(buf, size, &used, decls[d]->actions[k].name);
}
