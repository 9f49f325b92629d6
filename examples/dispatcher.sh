#!/usr/bin/env bash
# A small but real dispatcher loop around failover. Each cycle:
#   1. `failover cycle --json`: the plan (which agents may work, on which provider, with which env file,
#      which containers to recreate because their env file changed);
#   2. runs each dispatchable agent's next task with its env file (TASK_RUNNER AGENT ENV_FILE; in
#      production `docker run --env-file ENV_FILE ...` running Claude Code), and turns what the task
#      printed into an outcome line for its agent and tier;
#   3. `failover record`: the cycle's outcomes, one JSON line each, in one batch;
#   4. publishes: `failover render`, or with CYCLE_DONE=/run/failover/cycle-done touches that file so
#      deploy/systemd/failover-render.path starts the render as its own hardened service; and
#      `failover metrics --textfile` when METRICS_TEXTFILE is set (node_exporter's textfile collector).
#
# Usage: dispatcher.sh [--cycles N] [--interval SECONDS]     (default: forever, 60 s apart)
# Environment: FAILOVER_CONFIG (the config), FAILOVER (the binary; default `failover` on PATH),
#   TASK_RUNNER (default: task-runner-stub.sh beside this script), CYCLE_DONE, METRICS_TEXTFILE,
#   FAILOVER_HOST (this host's name, on a fleet whose config places instances on hosts: cycle and
#   record then plan and write env files for this host's containers only),
#   and the providers' keys (ANTHROPIC_API_KEY, DEEPSEEK_API_KEY, ...), which `cycle` writes into the
#   env files. Needs bash and jq.
#
# A task runner prints one JSON object, the outcome as failover reads it without agent and tier:
#   {"outcome":"success","input_tokens":1200,"output_tokens":300}
#   {"outcome":"error","status":529,"error_type":"overloaded_error","message":"Overloaded"}
# Anything else (a crash, no output) is recorded as an error without a status: kind `other`, which
# never moves a tier, since nothing says the provider failed.
set -euo pipefail

cycles=0 interval=60
while [ $# -gt 0 ]; do
  case "$1" in
    --cycles) cycles="$2"; shift 2 ;;
    --interval) interval="$2"; shift 2 ;;
    *) echo "usage: $0 [--cycles N] [--interval SECONDS]" >&2; exit 64 ;;
  esac
done

here="$(cd "$(dirname "$0")" && pwd)"
failover="${FAILOVER:-failover}"
runner="${TASK_RUNNER:-$here/task-runner-stub.sh}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Exit 75 means the database stayed locked and nothing was written: the same command may run again.
with_retry() {
  local attempt status
  for attempt in 1 2 3 4 5; do
    status=0
    "$@" || status=$?
    [ "$status" -eq 75 ] || return "$status"
    echo "dispatcher: database locked, retrying in $((attempt * 2)) s" >&2
    sleep $((attempt * 2))
  done
  return 75
}

cycle_number=0
while [ "$cycles" -eq 0 ] || [ "$cycle_number" -lt "$cycles" ]; do
  cycle_number=$((cycle_number + 1))
  export DISPATCH_CYCLE="$cycle_number"

  # 1. The plan. Act on every plan printed, even when a later step fails: `recreate` is said once.
  with_retry "$failover" cycle --json > "$work/plan.json"
  jq -r '.agents[] | select(.recreate) | .agent' "$work/plan.json" | while read -r agent; do
    echo "dispatcher: recreate the container of $agent (its env file changed)"   # docker compose up -d --force-recreate ...
  done

  # 2. One task per dispatchable agent (one after another here; a real dispatcher runs them at once).
  : > "$work/outcomes.jsonl"
  jq -r '.agents[] | select(.dispatchable) | [.agent, (.tier | tostring), (.env_file // "")] | @tsv' "$work/plan.json" |
  while IFS=$'\t' read -r agent tier env_file; do
    at="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    printed="$("$runner" "$agent" "$env_file" 2>"$work/task.err")" || true
    # The tier the task ran on, so a result arriving after the agent moved is not counted twice.
    if ! jq -ce --arg agent "$agent" --argjson tier "$tier" --arg at "$at" \
         'select(type == "object") | {agent: $agent, tier: $tier, at: $at} + del(.agent, .tier)' \
         <<<"$printed" >> "$work/outcomes.jsonl" 2>/dev/null; then
      jq -cn --arg agent "$agent" --argjson tier "$tier" --arg at "$at" --arg message "task runner printed no outcome: $(head -c 200 "$work/task.err")" \
        '{agent: $agent, tier: $tier, at: $at, outcome: "error", message: $message}' >> "$work/outcomes.jsonl"
    fi
  done

  # 3. The outcomes, one batch. Exit 1 names rejected lines on stderr; the others are applied. An agent
  #    whose tier moved has a new env file: its container is recreated before its next task.
  if [ -s "$work/outcomes.jsonl" ]; then
    status=0
    with_retry "$failover" record --json --file "$work/outcomes.jsonl" > "$work/recorded.jsonl" || status=$?
    [ "$status" -eq 0 ] || echo "dispatcher: record exited $status" >&2
    jq -r 'select(.moved) | "dispatcher: \(.agent) moved: tier \(.from_tier) -> \(.to_tier) (\(.kind))"' "$work/recorded.jsonl"
    jq -r 'select(.recreate) | .agent' "$work/recorded.jsonl" | while read -r agent; do
      echo "dispatcher: recreate the container of $agent (its env file changed)"
    done
  fi

  # 4. Publish.
  if [ -n "${CYCLE_DONE:-}" ]; then
    touch "$CYCLE_DONE"
  else
    with_retry "$failover" render
  fi
  if [ -n "${METRICS_TEXTFILE:-}" ]; then
    with_retry "$failover" metrics --textfile "$METRICS_TEXTFILE"
  fi

  if [ "$cycles" -eq 0 ] || [ "$cycle_number" -lt "$cycles" ]; then sleep "$interval"; fi
done
