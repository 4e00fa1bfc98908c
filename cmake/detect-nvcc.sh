#!/usr/bin/env bash
# Decides, at the start of every Maven build, which native libraries are built.
# Writes Maven properties to $1 (read back by properties-maven-plugin):
#   native.skip=true|false, and when false native.cuda=ON|OFF, native.nvcc, native.cuda.home, native.cuda.lib.
# With nvcc 13: the front, the CUDA device and the software device. Without it (or with
# -Dtilestereo.cuda=false), but with cmake and a C++ compiler: the front and the software device,
# so the GPU tests still run on the software device. Without cmake or a C++ compiler, or with
# -Dtilestereo.cpuOnly=true: no native library at all (CPU-only).
# $2: "true" forces a CPU-only build (-Dtilestereo.cpuOnly=true).
# $3: the JNI output folder (target/classes/.../linux-x86_64), emptied for a CPU-only build so
#     no library from an earlier build ends up in a jar that says it has none.
# $4: "false" builds without the CUDA device even where nvcc is (-Dtilestereo.cuda=false).
# nvcc is looked for in $CUDACXX, $CUDA_HOME/bin, $CUDA_PATH/bin, PATH, /usr/local/cuda/bin.
set -euo pipefail

out=$1
cpu_only=${2:-false}
jni_dir=${3:-}
with_cuda=${4:-true}
required_major=13   # the bytedeco cuda presets bind libcudart.so.13

mkdir -p "$(dirname "$out")"

cpu_only_build() {
    echo "[tilestereo] $1: building CPU-only; the CUDA backend will be unavailable"
    printf 'native.skip=true\nnative.reason=%s\n' "$1" > "$out"
    if [[ -n "$jni_dir" && -d "$jni_dir" ]]; then
        rm -rf "$jni_dir"
    fi
    exit 0
}

# The front and the software device need only cmake and a C++ compiler.
software_only_build() {
    if ! command -v cmake > /dev/null || ! command -v c++ > /dev/null; then
        cpu_only_build "$1, and no cmake or C++ compiler for the software device"
    fi
    echo "[tilestereo] $1: building the native libraries without the CUDA device (the software device runs the GPU tests; the CUDA backend needs a build with nvcc $required_major)"
    # Folders that exist, for the JavaCPP plugin's include, link and preload paths.
    local here
    here=$(cd "$(dirname "$out")" && pwd)
    printf 'native.skip=false\nnative.cuda=OFF\nnative.nvcc=\nnative.cuda.home=%s\nnative.cuda.lib=%s\n' "$here" "$here" > "$out"
    # No CUDA library of an earlier build may stay beside the new ones.
    rm -f "$here/native/lib/libtilestereo_cuda.so"
    if [[ -n "$jni_dir" && -d "$jni_dir" ]]; then
        rm -rf "$jni_dir"
    fi
    exit 0
}

if [[ "$cpu_only" == "true" ]]; then
    cpu_only_build "CPU-only build requested (-Dtilestereo.cpuOnly=true)"
fi
if [[ "$with_cuda" == "false" ]]; then
    software_only_build "build without the CUDA device requested (-Dtilestereo.cuda=false)"
fi

nvcc=""
for candidate in "${CUDACXX:-}" "${CUDA_HOME:+$CUDA_HOME/bin/nvcc}" "${CUDA_PATH:+$CUDA_PATH/bin/nvcc}" \
                 "$(command -v nvcc || true)" /usr/local/cuda/bin/nvcc; do
    if [[ -n "$candidate" && -x "$candidate" ]]; then
        nvcc=$candidate
        break
    fi
done
if [[ -z "$nvcc" ]]; then
    software_only_build "nvcc not found"
fi

# nvcc may be a wrapper script; its dry run names the real toolkit root.
top=$("$nvcc" --dryrun -x cu -c /dev/null -o /dev/null 2>&1 | sed -n 's/^#\$ TOP=//p' | head -n 1)
if [[ -z "$top" || ! -d "$top" ]]; then
    echo "[tilestereo] ERROR: cannot find the CUDA toolkit of $nvcc (no TOP= in its --dryrun output)" >&2
    exit 1
fi
home=$(cd "$top" && pwd -P)
version=$("$nvcc" --version | sed -n 's/.*release \([0-9][0-9]*\.[0-9][0-9]*\).*/\1/p')
if [[ "${version%%.*}" != "$required_major" ]]; then
    echo "[tilestereo] WARNING: nvcc $version at $nvcc is not CUDA $required_major.x, which the cuda presets need"
    software_only_build "no CUDA $required_major nvcc (found $version)"
fi

lib=""
for dir in "$home/lib64" "$home/lib" "$home/targets/x86_64-linux/lib"; do
    if [[ -e "$dir/libcudart.so.$required_major" ]]; then
        lib=$dir
        break
    fi
done
if [[ -z "$lib" ]]; then
    echo "[tilestereo] ERROR: libcudart.so.$required_major not found under $home (lib64, lib, targets/x86_64-linux/lib)" >&2
    exit 1
fi
if ! command -v cmake > /dev/null; then
    echo "[tilestereo] ERROR: nvcc found at $nvcc but cmake is not on PATH; install cmake >= 3.18, or build without CUDA using -Dtilestereo.cpuOnly=true" >&2
    exit 1
fi

echo "[tilestereo] nvcc $version found at $nvcc (toolkit $home): building the CUDA native library (architectures: see cmake below)"
printf 'native.skip=false\nnative.cuda=ON\nnative.nvcc=%s\nnative.cuda.home=%s\nnative.cuda.lib=%s\n' "$nvcc" "$home" "$lib" > "$out"
