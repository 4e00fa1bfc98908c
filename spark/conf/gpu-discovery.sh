#!/usr/bin/env bash
# Spark's GPU discovery script for tilestereo's cluster job (spark.executor.resource.gpu.discoveryScript,
# or spark.worker.resource.gpu.discoveryScript on a standalone worker): prints the GPUs this machine
# has, as the JSON Spark reads: {"name": "gpu", "addresses": ["0", "1"]}. The addresses are nvidia-smi's
# indices (PCI bus order); a task gets one and runs tilestereo with --gpu on it, so executors need
# CUDA_DEVICE_ORDER=PCI_BUS_ID (spark.executorEnv.CUDA_DEVICE_ORDER) for CUDA to count the same way.
# Without nvidia-smi, or with no GPU, it prints no addresses (Spark then refuses to start an executor
# that asks for a GPU, saying so).
set -euo pipefail
addresses=""
if command -v nvidia-smi >/dev/null 2>&1; then
  while IFS= read -r index; do
    index="${index//[[:space:]]/}"
    [ -n "$index" ] && addresses="${addresses:+$addresses, }\"$index\""
  done < <(nvidia-smi --query-gpu=index --format=csv,noheader 2>/dev/null || true)
fi
echo "{\"name\": \"gpu\", \"addresses\": [${addresses}]}"
