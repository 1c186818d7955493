#!/bin/bash
# 7

error=/home/u/.cache/cluster_utils/demo-20240101-120000-jobs/1_7.sh.err
output=/home/u/.cache/cluster_utils/demo-20240101-120000-jobs/1_7.sh.out

# Close standard output and error file descriptors
exec 1<&-
exec 2<&-

# Redirect output and error streams to files from here on
exec 1>>"$output"
exec 2>>"$error"

cd /home/u/project


export OMP_NUM_THREADS=1

apptainer exec --bind=/tmp,/home/u/results/demo/working_directories/7,/home/u/project --pwd=/home/u/project --env OMP_NUM_THREADS=1 --nv --cleanenv /images/env.sif python3 /home/u/project/train.py --job-id=1007 --cluster-utils-server=10.0.0.5:41234 --parameter-dict '{'\''lr'\'': 0.01, '\''working_dir'\'': '\''/home/u/results/demo/working_directories/7'\'', '\''id'\'': 7}'
rc=$?

if [[ $rc != 0 && $rc != 3 ]]; then
    echo "Failed with exit code $rc"
    # add an indicator file to more easily identify failed jobs
    echo "$rc" > /home/u/.cache/cluster_utils/demo-20240101-120000-jobs/1_7.sh.FAILED
fi

exit $rc
