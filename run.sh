#!/usr/bin/env bash
# The main job on the bundled reference catalog: set up, then check it and show its overview.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/bootstrap.sh
catalog="tests/data/aarhus-msb-2024-2027.txt"
.venv/bin/omprio check "$catalog" || [ $? -eq 1 ]
.venv/bin/omprio show "$catalog"
