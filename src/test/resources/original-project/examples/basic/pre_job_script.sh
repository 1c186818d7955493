#!/bin/bash
# the original's example pre-job script: runs before every job, from the project dir
echo "pre-job script ran with TEST_VARIABLE=$TEST_VARIABLE"
