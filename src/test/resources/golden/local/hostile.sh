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
source 'v env/$(touch pwned)/bin/activate'
eval "$(conda shell.bash hook)" && conda activate 'c'\''env; touch pwned'
export V='a'\''b "c" $(touch pwned) `touch pwned`;
next line'
'/abs/pre `touch pwned`.sh'
'EXE=apptainer' exec --bind=/tmp,/home/u/results/demo/working_directories/7,/home/u/project --pwd=/home/u/project --env 'V=a'\''b "c" $(touch pwned) `touch pwned`;
next line' '--bind=$(touch pwned)' '/images/a b;$(touch pwned).sif' 'PY=1' '/home/u/project/train $(x).py' --job-id=1007 --cluster-utils-server=10.0.0.5:41234 --parameter-dict '{'\''id'\'': 7}'
rc=$?

if [[ $rc != 0 && $rc != 3 ]]; then
    echo "Failed with exit code $rc"
    # add an indicator file to more easily identify failed jobs
    echo "$rc" > /home/u/.cache/cluster_utils/demo-20240101-120000-jobs/1_7.sh.FAILED
fi

exit $rc
