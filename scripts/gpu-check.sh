#!/usr/bin/env bash
# The GPU check, prepared for the GPU machine of ../shared/DEVICE.md (one call, within 10 minutes):
# run from a checkout that carries target/dist (built here: mvn -B -ntp package -DskipTests), e.g.
#   run(command="bash scripts/gpu-check.sh", carry=["target/dist"], timeout_s=580)
# and, for the video benchmark, target/dist-video in a second carry while the machine is warm.
# Steps, each with its own time limit (540 s in all) so one hang cannot eat the others:
#   1. nvidia-smi -L and `tilestereo info`
#   2. `tilestereo selftest`: every CUDA operator against the Java reference, one frame timed
#   3. compute-sanitizer memcheck and racecheck on a short conversion (Aloe, depth given)
#   4. `bench --json` (operators: bandwidth and the ratio to a device-to-device copy)
#   5. `bench video --json` (end to end, where the FFmpeg jar was carried)
#   6. `plan --measure` for the ViT-S replica at 518x518 and 1036x1036, FP16: on the GPU with TensorRT
#      where its libraries are there (else ONNX Runtime on the CPU, said in one line), into check.log
# Writes at most 8 files under $OUT: check.log, selftest.txt, memcheck.txt, racecheck.txt,
# bench.json, bench.txt, bench-video.json, bench-video.txt. Exits 1 if any step failed; without a
# GPU it says so in one line and exits 2 before running anything.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out=${OUT:-$(mktemp -d)}
mkdir -p "$out"
log="$out/check.log"
dist=target/dist
ts="$dist/bin/tilestereo"
java="$dist/runtime/bin/java"
status=0

say() { echo "[gpu-check] $*" | tee -a "$log"; }

if [[ ! -x "$ts" ]]; then
    say "no distribution at $dist: build it with 'mvn -B -ntp package -DskipTests' and carry target/dist"
    exit 2
fi
if ! command -v nvidia-smi > /dev/null || ! nvidia-smi -L > /dev/null 2>&1; then
    say "no GPU here (nvidia-smi is missing or finds no device): nothing GPU-side was checked"
    exit 2
fi
if [[ -d target/dist-video/lib ]]; then
    cp -n target/dist-video/lib/*.jar "$dist/lib/"   # video needs FFmpeg's natives
fi

step() {  # step NAME SECONDS FILE COMMAND...
    local name=$1 limit=$2 file=$3
    shift 3
    local t0=$SECONDS
    timeout "$limit" "$@" > "$file" 2>&1
    local rc=$?
    say "$name: exit $rc after $((SECONDS - t0)) s (limit $limit s), output in $(basename "$file")"
    if [[ $rc -ne 0 ]]; then
        status=1
        tail -n 5 "$file" | sed 's/^/    /' | tee -a "$log"
    fi
}

say "started $(date -u +%FT%TZ) on $(hostname)"
nvidia-smi -L | tee -a "$log"
nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm,clocks.max.mem --format=csv | tee -a "$log"
"$ts" info >> "$log" 2>&1

step "selftest" 90 "$out/selftest.txt" "$ts" selftest --backend cuda
tail -n 2 "$out/selftest.txt" | tee -a "$log"

# The sanitizers wrap the whole JVM; a photo with its depth given keeps it short.
photo=(convert samples/aloe/aloeL.jpg --depth samples/aloe/aloeGT.png --depth-kind disparity --backend cuda -y)
if command -v compute-sanitizer > /dev/null; then
    step "compute-sanitizer memcheck" 100 "$out/memcheck.txt" compute-sanitizer --tool memcheck --error-exitcode 1 \
        --target-processes all "$java" -cp "$dist/lib/*" org.tilestereo.cli.Main "${photo[@]}" -o /tmp/gpu-check-memcheck.png
    step "compute-sanitizer racecheck" 100 "$out/racecheck.txt" compute-sanitizer --tool racecheck --error-exitcode 1 \
        --target-processes all "$java" -cp "$dist/lib/*" org.tilestereo.cli.Main "${photo[@]}" -o /tmp/gpu-check-racecheck.png
else
    say "compute-sanitizer not found: memcheck and racecheck not run"
    status=1
fi

step "bench" 60 "$out/bench.txt" "$ts" bench --sizes 1920x1080,3840x2160 --repeat 20 --json "$out/bench.json"
if ls "$dist"/lib/ffmpeg-*.jar > /dev/null 2>&1; then
    step "bench video" 110 "$out/bench-video.txt" "$ts" bench video --model replica:vits --depth-resolution 518 \
        --frames-1080p 60 --json "$out/bench-video.json"
else
    say "bench video not run: the FFmpeg jar (target/dist-video/lib) was not carried"
fi
for size in 518x518 1036x1036; do
    step "plan --measure $size" 40 "$out/plan.txt" "$ts" plan --model replica:vits --size "$size" --precision fp16 \
        --batch 1 --vram-budget 24GiB --measure
    cat "$out/plan.txt" >> "$log"
    rm -f "$out/plan.txt"
done
say "finished $(date -u +%FT%TZ), status $status"
exit $status
