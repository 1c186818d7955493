#!/bin/bash
# The cheapest job that still reports: write metrics.csv into the working dir and exit.
for ((i = 1; i <= $#; i++)); do
    if [[ "${!i}" == --parameter-dict ]]; then j=$((i + 1)); dict="${!j}"; fi
done
wd=${dict#*\'working_dir\': \'}
wd=${wd%%\'*}
mkdir -p "$wd" && printf 'value\r\n1\r\n' > "$wd/metrics.csv"
