#!/usr/bin/env bash
# One scenario as a Slurm job array of N shards, then a merge that waits for
# every shard (afterok). From a login node:
#
#   URSIM=$PWD/build/ursim scripts/slurm/run-array.sh SCENARIO.yaml OUTDIR N
#
# submits the array (task i runs `ursim run SCENARIO.yaml --shard i/N -o
# OUTDIR/part-i.h5` on the task's CPUs) and the merge (`ursim merge` of the N
# parts into OUTDIR/results.h5, the file a single run would write). A failed
# task leaves its part missing, so the merge does not start; resubmit that
# task with `sbatch --array=i ...` (a part is replaced whole) and run the
# merge by hand. Shards are fixed by the unit index alone, so N may be
# anything, even more than the run has units (those parts are empty).
# Adjust the #SBATCH lines to your site; URSIM_STEP is how the script tells
# its own three roles apart.
#SBATCH --job-name=ursim
#SBATCH --cpus-per-task=4
#SBATCH --time=04:00:00
#SBATCH --output=%x-%A_%a.out
set -euo pipefail

URSIM=${URSIM:-ursim}
scenario=${1:?usage: run-array.sh SCENARIO.yaml OUTDIR N}
outdir=${2:?usage: run-array.sh SCENARIO.yaml OUTDIR N}

case "${URSIM_STEP:-submit}" in
submit)
    n=${3:?usage: run-array.sh SCENARIO.yaml OUTDIR N}
    "$URSIM" validate "$scenario" # bad input fails here, not in N tasks
    mkdir -p "$outdir"
    array=$(sbatch --parsable --array="0-$((n - 1))" \
        --export="ALL,URSIM=$URSIM,URSIM_STEP=shard,URSIM_SHARDS=$n" "$0" "$scenario" "$outdir")
    sbatch --dependency="afterok:${array%%;*}" --job-name=ursim-merge --cpus-per-task=1 \
        --export="ALL,URSIM=$URSIM,URSIM_STEP=merge,URSIM_SHARDS=$n" "$0" "$scenario" "$outdir"
    ;;
shard)
    i=${SLURM_ARRAY_TASK_ID:?not a task of a job array}
    "$URSIM" run "$scenario" --shard "$i/$URSIM_SHARDS" -o "$outdir/part-$i.h5" \
        --threads "${SLURM_CPUS_PER_TASK:-1}" --force --quiet
    ;;
merge)
    parts=()
    for ((i = 0; i < URSIM_SHARDS; i++)); do
        parts+=("$outdir/part-$i.h5")
    done
    "$URSIM" merge "${parts[@]}" -o "$outdir/results.h5" --force
    ;;
*)
    echo "run-array.sh: unknown URSIM_STEP '$URSIM_STEP'" >&2
    exit 2
    ;;
esac
