#!/usr/bin/env bash
# A stand-in for a real task (a container running Claude Code) that fails the way a provider does,
# for trying examples/dispatcher.sh without spending tokens. Usage: task-runner-stub.sh AGENT ENV_FILE
#
# It reads the env file the way docker's --env-file does (KEY=VALUE lines, values taken literally,
# never sourced), tells the provider from ANTHROPIC_BASE_URL, and looks it up in OUTAGES, a file of
# scripted outages, one per line (# comments allowed):
#   PROVIDER FIRST_CYCLE LAST_CYCLE STATUS ERROR_TYPE MESSAGE...
#   anthropic 1 2 529 overloaded_error Overloaded
# During cycles FIRST..LAST of the dispatcher (DISPATCH_CYCLE) that provider's tasks fail with that
# HTTP status, error type and message, as Anthropic's and compatible APIs answer; otherwise the task
# succeeds and reports the tokens it used. Prints one JSON outcome (see dispatcher.sh); exits 1 on error.
set -euo pipefail
agent="$1" env_file="$2"

base_url="" model=""
if [ -n "$env_file" ]; then
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in
      ANTHROPIC_BASE_URL=*) base_url="${line#ANTHROPIC_BASE_URL=}" ;;
      ANTHROPIC_MODEL=*) model="${line#ANTHROPIC_MODEL=}" ;;
    esac
  done < "$env_file"
fi
case "$base_url" in
  *api.anthropic.com*|"") provider=anthropic ;;
  *deepseek*) provider=deepseek ;;
  *openrouter*) provider=openrouter ;;
  *:11434*) provider=ollama ;;
  *) provider=other ;;
esac

cycle="${DISPATCH_CYCLE:-1}"
if [ -n "${OUTAGES:-}" ] && [ -f "$OUTAGES" ]; then
  while read -r down first last status error_type message; do
    case "$down" in ''|'#'*) continue ;; esac
    if [ "$down" = "$provider" ] && [ "$cycle" -ge "$first" ] && [ "$cycle" -le "$last" ]; then
      jq -cn --argjson status "$status" --arg type "$error_type" --arg message "$message" \
        '{outcome: "error", status: $status, error_type: $type, message: $message, input_tokens: 0, output_tokens: 0}'
      exit 1
    fi
  done < "$OUTAGES"
fi
echo "task for $agent ran on $provider/$model" >&2
jq -cn '{outcome: "success", input_tokens: 1000, output_tokens: 250}'
