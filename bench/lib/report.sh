# Reading and judging the results a benchmark keeps in its RESULT map ("key=value …" per run).
# Source it after bench/lib/server.sh; the caller declares `declare -A RESULT=()`.

# field <run> <key>: one key=value of a stored result, "-" when missing.
field() {
  local value
  value=$(sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<" ${RESULT[$1]:-}")
  echo "${value:--}"
}

# divide <a> <b>: a ÷ b to two decimals, "-" when either is missing or b is 0.
divide() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b + 0 == 0) print "-"; else printf "%.2f", a / b }'
}

# verdict <value> <op> <limit>: "met" or "NOT met" for op <=, < or >=; "unknown" without a value.
verdict() {
  awk -v v="$1" -v op="$2" -v limit="$3" 'BEGIN {
    if (v == "-") { print "unknown"; exit }
    if (op == "<=") ok = v + 0 <= limit + 0
    else if (op == "<") ok = v + 0 < limit + 0
    else ok = v + 0 >= limit + 0
    print ok ? "met" : "NOT met" }'
}
