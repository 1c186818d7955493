#!/bin/bash
# A job without the cluster_utils client: it takes the same command line as every job
# (--job-id=N --cluster-utils-server=IP:PORT --parameter-dict '<python dict>') and reports by
# writing metrics.csv (a header line and one data line) into its working directory.
set -euo pipefail
dict=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --parameter-dict) dict="$2"; shift 2 ;;
        *) shift ;;
    esac
done
working_dir=$(sed -n "s/.*'working_dir': '\([^']*\)'.*/\1/p" <<<"$dict")
size=$(sed -n "s/.*'size': \([0-9]*\).*/\1/p" <<<"$dict")
mkdir -p "$working_dir"
words=$(head -c "$((size * 1000))" /dev/zero | tr '\0' 'a' | fold -w 7 | wc -l)
printf 'words,bytes\r\n%s,%s\r\n' "$words" "$((size * 1000))" > "$working_dir/metrics.csv"
