#!/bin/sh
# One machine, N shards: GNU parallel runs `aloud export --shard I/N` for I = 0..N-1 side by
# side, then `aloud export --merge` joins their manifest parts into OUT/manifest.json.
#
#   deploy/parallel.sh LIST OUT [N] [-- more aloud export options]
#   deploy/parallel.sh urls.txt out 4 -- --voice en-us --format ogg
#
# LIST has one file or URL a line. N defaults to the number of CPU cores; each shard runs one
# synthesis worker (--jobs 1). ALOUD names the aloud program (default: aloud on PATH).
# Exit code: 0 done, 75 when a shard failed for a temporary reason (run the script again: it
# renders only what is missing), 65 when every article was bad input, else aloud's.
set -u
if [ $# -lt 2 ]; then
  echo "usage: $0 LIST OUT [N] [-- more aloud export options]" >&2
  exit 64
fi
list=$1
out=$2
shift 2
n=$(nproc)
if [ $# -gt 0 ] && [ "$1" != "--" ]; then
  n=$1
  shift
fi
if [ $# -gt 0 ] && [ "$1" = "--" ]; then
  shift
fi
aloud=${ALOUD:-aloud}
command -v parallel >/dev/null 2>&1 || {
  echo "$0: GNU parallel is not installed (apt-get install parallel)" >&2
  exit 69
}
mkdir -p "$out" || exit 73
log=$(mktemp) || exit 73
trap 'rm -f "$log"' EXIT
# -q: the arguments reach aloud as given (spaces included); {} is the shard's index. The job
# log keeps each shard's exit code.
seq 0 $((n - 1)) | parallel -q --line-buffer --joblog "$log" "$aloud" export --list "$list" \
  -o "$out" -q --jobs 1 --shard "{}/$n" "$@"
"$aloud" export --merge "$out"
merged=$?
# A shard that exited with anything but 0 or 65 (all its articles bad input) did not finish:
# say so with 75 even when the parts it wrote merge.
unfinished=$(awk 'NR > 1 && $7 != 0 && $7 != 65' "$log" | wc -l)
if [ "$merged" -eq 0 ] && [ "$unfinished" -gt 0 ]; then
  echo "$0: $unfinished shard(s) did not finish: run the script again to render the rest" >&2
  exit 75
fi
exit "$merged"
