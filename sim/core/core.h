/* Private to sim/core: what panic.c needs to know of the running simulation. */
#ifndef URSIM_CORE_PRIVATE_H
#define URSIM_CORE_PRIVATE_H

#include <ursim/sim.h>

/* The simulation whose handler runs on this thread now, or NULL. */
const struct ur_sim *ur_sim_running(void);

#endif
