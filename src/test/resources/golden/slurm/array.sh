#!/bin/bash
#SBATCH --job-name=demo_0-2
#SBATCH --output=/home/u/.cache/cluster_utils/demo-20240101-120000-jobs/array_0.sh.out
#SBATCH --error=/home/u/.cache/cluster_utils/demo-20240101-120000-jobs/array_0.sh.out
#SBATCH --partition=gpu-2080ti,cpu-galvani
#SBATCH --cpus-per-task=2
#SBATCH --gpus-per-task=0
#SBATCH --mem=4000M
#SBATCH --time=1:00:00
#SBATCH --nodes=1
#SBATCH --ntasks=1
#SBATCH --array=0-2%2

# Job array of 3 jobs (ids 0 to 2); task i runs the i-th run script
scripts=(
    /home/u/.cache/cluster_utils/demo-20240101-120000-jobs/job_1_0.sh
    /home/u/.cache/cluster_utils/demo-20240101-120000-jobs/job_1_1.sh
    /home/u/.cache/cluster_utils/demo-20240101-120000-jobs/job_1_2.sh
)
outs=(
    /home/u/.cache/cluster_utils/demo-20240101-120000-jobs/job_1_0.out
    /home/u/.cache/cluster_utils/demo-20240101-120000-jobs/job_1_1.out
    /home/u/.cache/cluster_utils/demo-20240101-120000-jobs/job_1_2.out
)
errs=(
    /home/u/.cache/cluster_utils/demo-20240101-120000-jobs/job_1_0.err
    /home/u/.cache/cluster_utils/demo-20240101-120000-jobs/job_1_1.err
    /home/u/.cache/cluster_utils/demo-20240101-120000-jobs/job_1_2.err
)
i=$SLURM_ARRAY_TASK_ID
exec bash "${scripts[$i]}" >> "${outs[$i]}" 2>> "${errs[$i]}"
