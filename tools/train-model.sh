#!/bin/sh
# Rebuilds models/toxicity.model and models/lexicon.tsv from ../shared/data (or $DATA_DIR).
# Usage, from the repository root: tools/train-model.sh
set -eu
data_dir="${DATA_DIR:-../shared/data}"
prepared="${PREPARED:-${TMPDIR:-/tmp}/moderation-prepared.csv.gz}"
dotnet build -c Release src/Moderation.Cli >/dev/null
cli="dotnet src/Moderation.Cli/bin/Release/net10.0/Moderation.Cli.dll"
$cli prepare --data-dir "$data_dir" --out "$prepared" --lexicon-out models/lexicon.tsv
$cli train --data "$prepared" --out models/toxicity.model --lexicon models/lexicon.tsv
$cli evaluate --model models/toxicity.model --data "$prepared" --holdout --by-source
