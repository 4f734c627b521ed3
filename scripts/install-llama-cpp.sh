#!/usr/bin/env bash
# Install llama-cpp-python 0.3.36 with its OpenAI-compatible server, once (idempotent).
# Used by scripts/install-llm.sh (the LLM end-to-end tests) and scripts/install-judge.sh.
# PyPI has it as source only: it compiles, ~6-7 minutes on 2 quiet cores (gcc and cmake are needed).
#
# Usage: PYTHON=.venv/bin/python scripts/install-llama-cpp.sh
set -euo pipefail
PYTHON=${PYTHON:-python3}
LLAMA_PIN="llama-cpp-python[server]==0.3.36"

if "$PYTHON" - <<'PY' 2>/dev/null
import importlib.metadata as md, llama_cpp.server  # noqa: F401
assert md.version("llama-cpp-python") == "0.3.36"
PY
then
  echo "llama-cpp-python 0.3.36 is installed."
  exit 0
fi
echo "Installing $LLAMA_PIN (compiles from source: about 6-7 minutes on 2 cores)..."
# A portable AVX2 build: a "native" build on a CPU that reports AMX/AVX-512 inside a VM that does not
# enable them crashed (segfault) on every prompt of more than one token. --no-cache-dir: never reuse
# a wheel built with other flags.
CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_AVX512=OFF \
-DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF" \
CMAKE_BUILD_PARALLEL_LEVEL="$(nproc 2>/dev/null || echo 2)" \
  "$PYTHON" -m pip install --quiet --no-cache-dir "$LLAMA_PIN"
