#!/usr/bin/env bash
# Runs the operator tests (every *GpuTest) on the software CUDA device built with AddressSanitizer
# and UBSan: out-of-bounds or uninitialised-index accesses in the kernels, undefined casts and
# overflows stop the test JVM with a report naming the line of cuda/<op>.cu. CI runs it after verify
# (.ci/run); it rebuilds only the software device's library. The sanitizer runtimes are preloaded
# into the test JVM only; the JVM's own signals stay its own (handle_segv=0).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
asan=$(g++ -print-file-name=libasan.so)
ubsan=$(g++ -print-file-name=libubsan.so)
for lib in "$asan" "$ubsan"; do
    if [[ ! -e "$lib" ]]; then
        echo "[tilestereo] ERROR: sanitizer runtime $lib not found (Debian: apt-get install libasan8 libubsan1)" >&2
        exit 1
    fi
done
export ASAN_OPTIONS=detect_leaks=0:handle_segv=0:allow_user_segv_handler=1:use_sigaltstack=0:detect_stack_use_after_return=0:halt_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# Threads and blocks in reverse order here (verify ran them forward): results that depend on the
# order of threads, which a GPU does not promise, show up as mismatches.
export TS_SOFTWARE_DEVICE_ORDER=reverse
echo "[tilestereo] operator tests on the software device under AddressSanitizer and UBSan, threads and blocks in reverse order"
# The next plain build rebuilds the library without sanitizers (the pom always passes TS_SANITIZE).
exec mvn -B -ntp test -Dtilestereo.sanitize=ON -Dtilestereo.test.preload="$asan:$ubsan" -Dtilestereo.testDevice=software \
    -Dtest='*GpuTest' -Dsurefire.failIfNoSpecifiedTests=false "$@"
