#!/usr/bin/env bash
# Runs data/scenarios/poisoning.json clean and under each attack (scale, sign-flip, random x10; label-flip) and prints the table of
# docs/trust.md: pooled F1 at the shipped thresholds / pooled PR-AUC per strategy. Usage: bash data/poisoning-table.sh [OUT [SCENARIO]]
# (OUT default /tmp/fedaspire-poisoning, never committed; SCENARIO default data/scenarios/poisoning.json, e.g.
# data/scenarios/poisoning-7.json for the seven-facility variant that Bulyan needs)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-/tmp/fedaspire-poisoning}"
scenario="$(realpath "${2:-$root/data/scenarios/poisoning.json}")"
mkdir -p "$out"
cd "$root"
dotnet build FedAspire.Lab -c Release -v quiet -nologo >/dev/null
attacks=(clean scale sign-flip random label-flip)
for a in "${attacks[@]}"; do
  python3 - "$scenario" "$out/$a.json" "$a" <<'PY'
import json, re, sys
src, dst, attack = sys.argv[1:]
d = json.loads(re.sub(r'^\s*//.*$', '', open(src).read(), flags=re.M))
if attack == 'clean': d.pop('poisoning')
else: d['poisoning']['attack'] = attack
json.dump(d, open(dst, 'w'))
PY
  dotnet run -c Release --no-build --project FedAspire.Lab -- experiment --scenario "$out/$a.json" --out "$out/$a" > "$out/$a.log" 2>&1 \
    || { echo "$a failed: see $out/$a.log"; continue; }
done
python3 - "$out" "${attacks[@]}" <<'PY'
import json, os, sys
out, attacks = sys.argv[1], sys.argv[2:]
fmt = lambda v: 'n/a' if v is None else f'{v:.3f}'
rows = {}
for a in attacks:
    p = os.path.join(out, a, 'metrics.json')
    if not os.path.exists(p): continue
    for arm in json.load(open(p))['arms']:
        if arm['kind'] != 'federated': continue
        rows.setdefault(arm['method'], {})[a] = f"{fmt(arm['final']['f1'])} / {fmt(arm['final']['prAuc'])}"
print('| strategy | ' + ' | '.join(attacks) + ' |')
print('|---' * (len(attacks) + 1) + '|')
for method, cells in rows.items():
    print(f'| {method} | ' + ' | '.join(cells.get(a, 'failed') for a in attacks) + ' |')
PY
