#!/bin/bash
# 10^6 records end to end on the command line, each step timed with /usr/bin/time (wall, CPU,
# peak resident memory): synth -> ingest --out -> the bare bulk loader on disk (the limit) ->
# ingest --store (ingest and load, streamed) -> napo validate -> every outcome question on the
# store on disk (as found, then warm). Needs ~50 GB free in DIR and ~40 minutes on 2 cores.
#
#     bash benchmarks/registry_million.sh DIR [RECORDS]      # RECORDS defaults to 1000000
set -euo pipefail
dir=$(realpath "${1:?give a working directory}")
records=${2:-1000000}
mkdir -p "$dir"
cd "$(dirname "$0")/.."  # the checkout: its ontology, shapes and questions
step() { /usr/bin/time -f "$1: %e s wall, %U s user, %S s sys, %M KB peak" "${@:2}"; }
step synth napo synth --records "$records" --seed 1 --out "$dir/synth.csv"
step ingest-out napo ingest "$dir/synth.csv" --out "$dir/records.nt"
step bare-loader python benchmarks/registry.py --bare-load "$dir/records.nt"
rm -rf "$dir/store"
step ingest-store napo ingest "$dir/synth.csv" --store "$dir/store"
du -sh "$dir/store"
step validate napo validate "$dir/records.nt"
step questions python benchmarks/registry.py --questions "$dir/store"
