#!/bin/bash
#SBATCH --job-name=demo_7
#SBATCH --output=/home/u/.cache/cluster_utils/demo-20240101-120000-jobs/job_1_7.out
#SBATCH --error=/home/u/.cache/cluster_utils/demo-20240101-120000-jobs/job_1_7.err
#SBATCH --partition=gpu-2080ti,cpu-galvani
#SBATCH --cpus-per-task=2
#SBATCH --gpus-per-task=1
#SBATCH --mem=4000M
#SBATCH --time=1:00:00
#SBATCH --nodes=1
#SBATCH --ntasks=1
#SBATCH --exclude=node1,node2
#SBATCH --signal=B:USR1@120
#SBATCH --qos=high
#SBATCH --account=ml

# Submission ID 7

rm -f /home/u/.cache/cluster_utils/demo-20240101-120000-jobs/job_1_7.sh.RESUME

echo "==== Start execution. ===="
echo "Job id: 7, cluster id: ${SLURM_JOB_ID}, hostname: $(hostname), time: $(date)"
echo

cd /home/u/project


export OMP_NUM_THREADS=1

srun python3 /home/u/project/train.py --job-id=1007 --cluster-utils-server=10.0.0.5:41234 --parameter-dict '{'\''lr'\'': 0.01, '\''working_dir'\'': '\''/home/u/results/demo/working_directories/7'\'', '\''id'\'': 7}' &
child=$!
trap 'signalled=1; echo "Received SIGUSR1 (120 s before the time limit), passing it to the job"; kill -USR1 "$child" 2>/dev/null' USR1
while :; do
    signalled=0
    wait "$child"
    rc=$?
    # a trapped signal ends the wait early while the job still runs: wait again
    [[ $signalled == 1 ]] || break
done

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
