/* The one list of models: the loader reads each one's YAML key and schema,
 * the runner builds, runs and finishes each one present in a scenario. */
#include <ursim/model.h>

#include "city/city.h"
#include "station/station.h"

const struct ur_model_ops *const ur_models[] = {&station_ops, &city_ops};
const size_t ur_n_models = sizeof ur_models / sizeof ur_models[0];
