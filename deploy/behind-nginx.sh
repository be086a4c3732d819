#!/usr/bin/env bash
# Run several Sala app servers on one PostgreSQL database behind nginx, on this machine.
#   DATABASE_URL=postgresql+psycopg://USER@HOST/DB deploy/behind-nginx.sh [SERVERS] [WORKERS]
# SERVERS app servers (default 2), each `./sala serve --workers WORKERS` (default 2) on ports
# SALA_APP_PORT, +1, ... (default 5001), behind nginx on SALA_PORT (default 8080). nginx is
# Debian's package (installed with apt when missing; SALA_NGINX names another binary). Ctrl+C stops all.
set -euo pipefail
cd "$(dirname "$0")/.."
servers="${1:-2}"
workers="${2:-2}"
port="${SALA_PORT:-8080}"
first_app_port="${SALA_APP_PORT:-5001}"
nginx="${SALA_NGINX:-nginx}"
: "${DATABASE_URL:?set DATABASE_URL to the PostgreSQL database every app server shares}"

if ! command -v "$nginx" >/dev/null; then
    echo "behind-nginx: installing Debian's nginx ..." >&2
    if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
    $sudo apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
fi

run_dir="${SALA_RUN_DIR:-$(mktemp -d -t sala-nginx-XXXXXX)}"
mkdir -p "$run_dir"
# Every server signs sessions and CSRF tokens with the same key, so a form loaded from one
# server may be sent to another.
export SALA_SECRET_KEY="${SALA_SECRET_KEY:-$(python3 -c 'import secrets; print(secrets.token_urlsafe(48))')}"
export SALA_TRUSTED_PROXIES="${SALA_TRUSTED_PROXIES:-1}"  # nginx is the one proxy in front
export SALA_PUBLIC_URL="${SALA_PUBLIC_URL:-http://127.0.0.1:$port}"
export DATABASE_URL

pids=()
stop() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait
}
trap stop EXIT INT TERM

# wait_for_port PORT PID LOG: until PORT answers; stop at once, showing LOG, if PID has ended
wait_for_port() {
    for _ in $(seq 600); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
        if ! kill -0 "$2" 2>/dev/null; then
            echo "behind-nginx: the process for port $1 ended; the end of its log ($3):" >&2
            tail -n 20 "$3" >&2
            exit 1
        fi
        sleep 0.2
    done
    echo "behind-nginx: nothing listens on port $1 after 2 minutes; see $3" >&2
    exit 1
}

upstreams=""
for i in $(seq 0 $((servers - 1))); do
    app_port=$((first_app_port + i))
    # one at a time: the first start migrates the database and seeds the demo workshop
    log="$run_dir/app-$app_port.log"
    (umask 077 && : >"$log")  # it may hold the admin password of a first start: the owner's only
    ./sala serve --host 127.0.0.1 --port "$app_port" --workers "$workers" >"$log" 2>&1 &
    pids+=($!)
    wait_for_port "$app_port" "$!" "$log"
    if [ "$i" = 0 ]; then
        # the first server's start-up lines: join codes and, on a first start, the admin password
        sed -n '/^Created the admin account/,/^It is shown only/p; /^  [A-Z0-9]\{6\}  /p' "$log"
    fi
    upstreams+="        server 127.0.0.1:$app_port;"$'\n'
done

sed -e "s|@RUN_DIR@|$run_dir|g" -e "s|@PORT@|$port|g" deploy/nginx.conf.template |
    awk -v ups="$upstreams" '{ if ($0 == "@UPSTREAMS@") printf "%s", ups; else print }' \
        >"$run_dir/nginx.conf"
"$nginx" -p "$run_dir" -e "$run_dir/error.log" -c "$run_dir/nginx.conf" -g "daemon off;" &
pids+=($!)
wait_for_port "$port" "$!" "$run_dir/error.log"
echo "Sala: $servers app servers x $workers workers behind nginx at $SALA_PUBLIC_URL/ (logs in $run_dir)"
wait
