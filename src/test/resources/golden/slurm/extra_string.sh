#!/bin/bash
#SBATCH --job-name=demo_7
#SBATCH --output=/home/u/.cache/cluster_utils/demo-20240101-120000-jobs/job_1_7.out
#SBATCH --error=/home/u/.cache/cluster_utils/demo-20240101-120000-jobs/job_1_7.err
#SBATCH --partition=gpu-2080ti,cpu-galvani
#SBATCH --cpus-per-task=2
#SBATCH --gpus-per-task=0
#SBATCH --mem=4000M
#SBATCH --time=1:00:00
#SBATCH --nodes=1
#SBATCH --ntasks=1
#SBATCH --constraint=a100

# Submission ID 7

rm -f /home/u/.cache/cluster_utils/demo-20240101-120000-jobs/job_1_7.sh.RESUME

echo "==== Start execution. ===="
echo "Job id: 7, cluster id: ${SLURM_JOB_ID}, hostname: $(hostname), time: $(date)"
echo

srun true
rc=$?

echo "==== Finished execution. ===="
if [[ $rc == 3 ]]; then
    echo "Exit with code 3 for resume"
    # Slurm sees a success; the marker tells the server to submit the job again
    echo 3 > /home/u/.cache/cluster_utils/demo-20240101-120000-jobs/job_1_7.sh.RESUME
    exit 0
elif [[ $rc != 0 ]]; then
    echo "Failed with exit code $rc"
    # add an indicator file to more easily identify failed jobs
    echo "$rc" > /home/u/.cache/cluster_utils/demo-20240101-120000-jobs/job_1_7.sh.FAILED
    exit $rc
fi
