#!/bin/sh
# Measures the classifier against ../shared/bench/sklearn_baseline.py in one sitting: accuracy by
# source, obfuscation drop, speed; then the identity and seed checks. Needs python3-sklearn.
# Usage, from the repository root: tools/benchmark.sh PREPARED.csv.gz [OUT_DIR]
set -eu
prepared="$1"
out="${2:-${TMPDIR:-/tmp}/moderation-bench}"
model="${MODEL:-models/toxicity.model}"
mkdir -p "$out"
dotnet build -c Release src/Moderation.Cli >/dev/null
dotnet build -c Release tests/Moderation.Benchmarks >/dev/null
cli="dotnet src/Moderation.Cli/bin/Release/net10.0/Moderation.Cli.dll"
bench="dotnet tests/Moderation.Benchmarks/bin/Release/net10.0/Moderation.Benchmarks.dll"
baseline="/usr/bin/python3 ../shared/bench/sklearn_baseline.py"

echo "== accuracy: validation split, by source"
$cli evaluate --model "$model" --data "$prepared" --holdout --by-source | tee "$out/ours.txt"
$baseline --train "$prepared" --by-source --json "$out/baseline.json" | tail -1

echo "== obfuscation: the same validation rows, clean and obfuscated"
$bench split --data "$prepared" --out-dir "$out"
$cli evaluate --model "$model" --data "$out/valid.csv.gz" | tail -1 > "$out/ours-clean.json"
$cli evaluate --model "$model" --data "$out/valid-obfuscated.csv.gz" | tail -1 > "$out/ours-obfuscated.json"
$baseline --train "$out/train.csv.gz" --test "$out/valid.csv.gz" --json "$out/baseline-clean.json" >/dev/null
$baseline --train "$out/train.csv.gz" --test "$out/valid-obfuscated.csv.gz" --json "$out/baseline-obfuscated.json" >/dev/null
python3 - "$out" <<'PY'
import json, sys
d = sys.argv[1]
o = lambda f: json.load(open(f"{d}/{f}"))
ours = o("ours-clean.json")["labels"]["toxic"]["rocAuc"], o("ours-obfuscated.json")["labels"]["toxic"]["rocAuc"]
base = o("baseline-clean.json")["rocAuc"]["toxic"], o("baseline-obfuscated.json")["rocAuc"]["toxic"]
print(f"toxic ROC-AUC clean -> obfuscated: ours {ours[0]:.4f} -> {ours[1]:.4f} (drop {ours[0]-ours[1]:.4f}); "
      f"baseline {base[0]:.4f} -> {base[1]:.4f} (drop {base[0]-base[1]:.4f})")
PY

echo "== speed (baseline: predictCommentsPerSecond above, one thread)"
$bench speed --model "$model" --data "$out/valid.csv.gz"

echo "== identity mentions and quoted abuse"
$bench identity --model "$model"
echo "== seed article comments"
$bench seed --model "$model"
