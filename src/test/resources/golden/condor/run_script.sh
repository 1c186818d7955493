#!/bin/bash
# Submission ID 7

cd /home/u/project


export OMP_NUM_THREADS=1

python3 /home/u/project/train.py --job-id=1007 --cluster-utils-server=10.0.0.5:41234 --parameter-dict '{'\''lr'\'': 0.01, '\''working_dir'\'': '\''/home/u/results/demo/working_directories/7'\'', '\''id'\'': 7}'
rc=$?
if [[ $rc == 0 ]]; then
    rm -f /home/u/.cache/cluster_utils/demo-20240101-120000-jobs/job_1_7.sh
    rm -f /home/u/.cache/cluster_utils/demo-20240101-120000-jobs/job_1_7.sh.sub
elif [[ $rc == 3 ]]; then
    echo "exit with code 3 for resume"
    exit 3
elif [[ $rc != 0 ]]; then
    echo "Failed with exit code $rc"
    # add an indicator file to more easily identify failed jobs
    echo "$rc" > /home/u/.cache/cluster_utils/demo-20240101-120000-jobs/job_1_7.sh.FAILED
    exit $rc
fi
