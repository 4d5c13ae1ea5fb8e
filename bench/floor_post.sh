#!/usr/bin/env bash
# The floor for `agoras threads post --text …`: the same five HTTP requests, made by curl from a shell
# script, against the same sandbox (refresh, create container, container status, publish, permalink).
set -euo pipefail
g=$AGORAS_THREADS_GRAPH_URL
t=$THREADS_REFRESH_TOKEN
curl -s -o /dev/null "$g/refresh_access_token?grant_type=th_refresh_token&access_token=$t"
container=$(curl -s -X POST --data-urlencode "text=$1" --data "media_type=TEXT&reply_control=everyone&access_token=$t" \
  "$g/v1.0/$THREADS_USER_ID/threads" | sed 's/.*"id":"\([0-9]*\)".*/\1/')
curl -s -o /dev/null "$g/v1.0/$container?fields=status%2Cerror_message&access_token=$t"
post=$(curl -s -X POST --data "creation_id=$container&access_token=$t" "$g/v1.0/$THREADS_USER_ID/threads_publish" |
  sed 's/.*"id":"\([0-9]*\)".*/\1/')
curl -s "$g/v1.0/$post?fields=permalink&access_token=$t"
echo
