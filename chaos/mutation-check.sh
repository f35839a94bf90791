#!/usr/bin/env bash
# The mutation check (issue 17, item 7): the chaos suite has to be able to fail. Each chaos/mutations/*.patch breaks
# the service on purpose; this script applies one at a time to a scratch worktree of HEAD (your working tree is not
# touched; uncommitted changes are not included), builds that service jar, runs the short chaos suite against it and
# compares the verdict with the patch's "Expect:" line. Exit 1 when a mutation expected to FAIL passed (the suite
# missed it) or one expected to PASS failed.
#
# From the repository root, after ./mvnw -B -q package -DskipTests:
#   chaos/mutation-check.sh                   # every mutation
#   chaos/mutation-check.sh refund-limit      # those whose name contains "refund-limit"
# Writes chaos/target/mutations/summary.md and one log per mutation beside it.
set -uo pipefail
root=$(pwd)
if [ ! -f chaos/target/checkstand-chaos.jar ] || [ ! -f simulator/target/stripe-simulator.jar ]; then
  echo "Build first, from the repository root: ./mvnw -B -q package -DskipTests" >&2
  exit 2
fi
out="$root/chaos/target/mutations"
mkdir -p "$out"
scratch=$(mktemp -d)
tree="$scratch/src"
git worktree add -q --detach "$tree" HEAD
trap 'git worktree remove --force "$tree"; rm -rf "$scratch"' EXIT
summary="$out/summary.md"
printf '| mutation | expected | suite said | failing invariants |\n|---|---|---|---|\n' > "$summary"
status=0
for patch in "$root"/chaos/mutations/*.patch; do
  name=$(basename "$patch" .patch)
  if [ $# -gt 0 ] && [[ "$name" != *"$1"* ]]; then
    continue
  fi
  expect=$(sed -n 's/^Expect: //p' "$patch")
  echo "== $name (expect $expect)"
  (cd "$tree" && git checkout -q -- . && git apply "$patch") || { echo "   the patch does not apply to HEAD"; status=1; continue; }
  if ! (cd "$tree" && ./mvnw -B -q -pl app -am package -DskipTests) > "$out/$name-build.log" 2>&1; then
    echo "   the mutated service does not build: $out/$name-build.log"; status=1; continue
  fi
  java -jar chaos/target/checkstand-chaos.jar --short --report none --app-jar "$tree/app/target/checkstand.jar" \
    --work-dir "$root/chaos/target/run-mutation-$name" > "$out/$name.log" 2>&1
  rc=$?
  said=$([ $rc -eq 0 ] && echo PASS || echo FAIL)
  failing=$(grep '^FAIL ' "$out/$name.log" | sed 's/^FAIL //' | paste -sd ';' -)
  grep -E '^(PASS|FAIL) |^       e\.g\.' "$out/$name.log" | sed 's/^/   /'
  printf '| %s | %s | %s | %s |\n' "$name" "$expect" "$said" "${failing:-none}" >> "$summary"
  if [ "$said" != "$expect" ]; then
    echo "   expected $expect, the suite said $said"; status=1
  fi
done
echo; cat "$summary"
exit $status
