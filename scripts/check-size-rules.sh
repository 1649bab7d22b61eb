#!/usr/bin/env bash
# Usage: scripts/check-size-rules.sh
# Fails (exit 1) when the widget's wasm code in src/ uses a pattern one of the size rules
# in docs/size.md forbids, naming file:line and the rule. Skipped, because they never
# reach the wasm: comments, and top-level items under #[cfg(test)] or
# #[cfg(not(target_arch = "wasm32"))] (rustfmt closes such an item with a "}" or ";" in
# column 0). Plain bash, no grep.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# rule id | extended regex matched against each line's code | what to do instead
rules=(
  'size/json-parse|(^|[^A-Za-z0-9_])(serde_json|serde_wasm_bindgen)([^A-Za-z0-9_]|$)|JSON.parse through src/api/json.rs'
  'size/web-sys-fetch|(^|[^A-Za-z0-9_])(gloo_net|reqwest)([^A-Za-z0-9_]|$)|fetch through web-sys'
  'size/no-case-tables|(\.|::)to_(lower|upper)case([^A-Za-z0-9_]|$)|to_ascii_* or the word written out'
  'size/no-std-sort|(\.|::)sort(_by|_by_key|_by_cached_key|_unstable|_unstable_by|_unstable_by_key)?[[:space:]]*\(|insert in order with partition_point and insert'
  'size/no-substring-search|\.(contains|find|rfind|split|rsplit|split_once|rsplit_once|split_terminator|rsplit_terminator|split_inclusive|replace|replacen|matches|rmatches|match_indices|rmatch_indices|trim_matches|trim_start_matches|trim_end_matches)\([[:space:]]*&?r?#*"|a char pattern or a prefix/suffix test'
  'size/no-substring-search|\.(splitn|rsplitn)\([^,]*,[[:space:]]*&?r?#*"|a char pattern or a prefix/suffix test'
  'size/concrete-signals|(^|[^A-Za-z0-9_])(Signal|ArcSignal|MaybeSignal|MaybeProp)[[:space:]]*(<|::)|take the Memo or RwSignal the gallery holds'
  'size/no-context|(^|[^A-Za-z0-9_])(provide_context|use_context|expect_context)([^A-Za-z0-9_]|$)|hand it down as a prop'
)

wasm_only_attr='^#\[cfg\((test|not\(target_arch = "wasm32"\))\)\]'
failures=0
files=0
while IFS= read -r -d '' file; do
  files=$((files + 1))
  n=0
  skipping=0
  while IFS= read -r line || [ -n "$line" ]; do
    n=$((n + 1))
    if [ "$skipping" = 1 ]; then
      # Attributes and the item's own lines up to its end in column 0.
      if [[ $line =~ ^\} || $line =~ ^[^[:space:]#/].*\;[[:space:]]*$ ]]; then skipping=0; fi
      continue
    fi
    if [[ $line =~ $wasm_only_attr ]]; then
      skipping=1
      continue
    fi
    [[ $line =~ ^[[:space:]]*// ]] && continue
    code=$line
    while [[ $code =~ ^(.*[[:space:]])// ]]; do code=${BASH_REMATCH[1]}; done
    for rule in "${rules[@]}"; do
      id=${rule%%|*}
      rest=${rule#*|}
      pattern=${rest%|*}
      fix=${rest##*|}
      if [[ $code =~ $pattern ]]; then
        shown=${code#"${code%%[![:space:]]*}"}
        echo "$file:$n: $id ($fix; docs/size.md): $shown" >&2
        failures=$((failures + 1))
      fi
    done
  done <"$file"
done < <(find src -name '*.rs' -print0 | sort -z)

if [ "$failures" -gt 0 ]; then
  echo "check-size-rules: FAIL: $failures use(s) of a pattern docs/size.md forbids in src/" >&2
  exit 1
fi
echo "check-size-rules: OK: $files files in src/ follow the checked rules of docs/size.md"
