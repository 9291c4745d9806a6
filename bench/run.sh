#!/usr/bin/env bash
# Tributary benchmark: a loopback feed farm served by nginx, Tributary against its peers
# (sfeed, python3-feedparser, nginx). See bench/README.md. Loopback traffic only.
#
#   bench/run.sh [--feeds N] [--items M] [--runs K] [--quick] [--scale] [--jar PATH] ...
#   bench/run.sh --help
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$BENCH")
OUT=$BENCH/out
PY=/usr/bin/python3 # Debian's: python3-feedparser lives there, not in pyenv's python
CLK_TCK=$(getconf CLK_TCK)

usage() {
  cat <<'EOF'
Usage: bench/run.sh [options]
  --feeds N         feeds in the farm (default 1000; --quick: 100)
  --items M         items per feed (default 50; --quick: 20)
  --runs K          repetitions; figures are medians with min and max (default 3; --quick: 1)
  --quick           small farm, one run, 3 s wrk: a smoke test of the harness
  --scale           run everything at N feeds, then at 10×N, and report how cost grows
  --jar PATH        Tributary jar (default: <repo>/target/tributary.jar)
  --build           build the jar first (mvn -B -q -o package -DskipTests in the repo)
  --wrk-seconds S   duration of each recorded wrk load (default 6; --quick: 3)
  --wrk-warmup S    unrecorded wrk warm-up of each server before a variant's loads (default 6; --quick: 1)
  --wrk-rounds R    recorded loads per variant and server, the servers taking turns (default 3; --quick: 1)
  --concurrency C   Tributary fetch.concurrency (default 16, same as sfeed's maxjobs)
  --per-host P      Tributary fetch.per_host (default 2)
  --sfeed-jobs J    sfeed_update maxjobs (default 16)
  --fp-sample F     feeds parsed by feedparser and by Tributary's `parse` (default 100; --quick: 20)
  --parse-warmup S  seconds Tributary's `parse` runs untimed before its 10 timed rounds (default 10; --quick: 1)
  --fp-rounds R     feedparser: an untimed pass, then the median of R timed passes (default 3; --quick: 1)
  --port-base P     farm on P, nginx peer on P+1, Tributary `run` on P+10 (default 18080)
  --java-opts "..." extra JVM options for Tributary's one-shot commands: poll (default: none)
  --run-java-opts "..." JVM options for the daemon, run (default: the same as --java-opts)
  --seed S          farm seed (default 20250101)
  --no-peers        skip sfeed, feedparser, the nginx peer and the Jetty floor
  --no-floor        skip the floors: Jetty's (bench/JettyFloor.java) beside nginx, and the
                    warm poll's (bench/PollFloor.java: a JVM and OkHttp sending the same
                    conditional GETs, nothing else)
  --no-class-archive  do not start Tributary with the class archive mvn package leaves beside
                    the jar (default: -XX:SharedArchiveFile=<jar minus .jar>.jsa when it exists)
Writes bench/out/results.md (and logs under bench/out/run-NxM/). Stops all it started.
EOF
}

FEEDS="" ITEMS="" RUNS="" WRK_SECS="" WRK_WARMUP="" WRK_ROUNDS="" FLOOR=1 FP_SAMPLE="" PARSE_WARMUP="" FP_ROUNDS="" QUICK=0 SCALE=0 BUILD=0 PEERS=1
CLASS_ARCHIVE=1
JAR=$REPO/target/tributary.jar CONCURRENCY=16 PER_HOST=2 SFEED_JOBS=16 PORT_BASE=18080
JAVA_OPTS="" RUN_JAVA_OPTS="" RUN_JAVA_OPTS_SET=0 SEED=20250101
while [ $# -gt 0 ]; do
  case "$1" in
    --feeds) FEEDS=$2; shift ;;
    --items) ITEMS=$2; shift ;;
    --runs) RUNS=$2; shift ;;
    --quick) QUICK=1 ;;
    --scale) SCALE=1 ;;
    --jar) JAR=$(realpath "$2"); shift ;;
    --build) BUILD=1 ;;
    --wrk-seconds) WRK_SECS=$2; shift ;;
    --wrk-warmup) WRK_WARMUP=$2; shift ;;
    --wrk-rounds) WRK_ROUNDS=$2; shift ;;
    --concurrency) CONCURRENCY=$2; shift ;;
    --per-host) PER_HOST=$2; shift ;;
    --sfeed-jobs) SFEED_JOBS=$2; shift ;;
    --fp-sample) FP_SAMPLE=$2; shift ;;
    --parse-warmup) PARSE_WARMUP=$2; shift ;;
    --fp-rounds) FP_ROUNDS=$2; shift ;;
    --port-base) PORT_BASE=$2; shift ;;
    --java-opts) JAVA_OPTS=$2; shift ;;
    --run-java-opts) RUN_JAVA_OPTS=$2; RUN_JAVA_OPTS_SET=1; shift ;;
    --seed) SEED=$2; shift ;;
    --no-peers) PEERS=0 ;;
    --no-floor) FLOOR=0 ;;
    --no-class-archive) CLASS_ARCHIVE=0 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
if [ "$QUICK" = 1 ]; then
  : "${FEEDS:=100}" "${ITEMS:=20}" "${RUNS:=1}" "${WRK_SECS:=3}" "${WRK_WARMUP:=1}" "${WRK_ROUNDS:=1}"
  : "${FP_SAMPLE:=20}"
  : "${PARSE_WARMUP:=1}" "${FP_ROUNDS:=1}"
fi
: "${FEEDS:=1000}" "${ITEMS:=50}" "${RUNS:=3}" "${WRK_SECS:=6}" "${WRK_WARMUP:=6}" "${WRK_ROUNDS:=3}"
: "${FP_SAMPLE:=100}"
: "${PARSE_WARMUP:=10}" "${FP_ROUNDS:=3}"
[ "$RUN_JAVA_OPTS_SET" = 1 ] || RUN_JAVA_OPTS=$JAVA_OPTS
FARM_PORT=$PORT_BASE PEER_PORT=$((PORT_BASE + 1)) FLOOR_PORT=$((PORT_BASE + 5)) APP_PORT=$((PORT_BASE + 10))
# The Jetty floor runs with the daemon's JVM options but not its class archive (another class path);
# the poll floor with the poll's options and a class archive of its own.
FLOOR_JAVA_OPTS=$RUN_JAVA_OPTS POLL_FLOOR_JAVA_OPTS=$JAVA_OPTS

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }
now_ns() { date +%s%N; }
secs_since() { awk -v a="$1" -v b="$(now_ns)" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'; }
ms_since() { awk -v a="$1" -v b="$(now_ns)" 'BEGIN { printf "%.1f", (b - a) / 1e6 }'; }
div() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0 || a == "nan") print "nan"; else printf "%.3f", a / b }'; }
secs_of() { # key: this run's value of a key already recorded (e.g. startup -> trib.startup_s)
  awk -F'\t' -v k="$1" -v r="$RUN" '($1 == k "_s" || $1 == "trib." k "_s") && $2 == r { v = $3 } END { print v + 0 }' "$W/results.tsv"
}
record() { printf '%s\t%s\t%s\n' "$1" "$RUN" "$2" >>"$W/results.tsv"; log "  $1 = $2"; }
note() { echo "$*" >>"$W/notes.txt"; log "note: $*"; }

# --- everything started here is stopped here ---------------------------------------------------
NGINX_PID="" APP_PID="" FLOOR_PID=""
stop_pid() { # pid signal seconds
  local pid=$1 i
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill "-$2" "$pid" 2>/dev/null || true
  for ((i = 0; i < $3 * 10; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  stop_pid "$APP_PID" TERM 15; APP_PID=""
  stop_pid "$FLOOR_PID" TERM 10; FLOOR_PID=""
  stop_pid "$NGINX_PID" QUIT 10; NGINX_PID=""
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- tools ----------------------------------------------------------------------------------
install_missing() {
  local pkgs=()
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || pkgs+=(nginx)
  command -v wrk >/dev/null || pkgs+=(wrk)
  command -v curl >/dev/null || pkgs+=(curl)
  [ -x /usr/bin/time ] || pkgs+=(time)
  if [ "$PEERS" = 1 ]; then
    command -v sfeed_update >/dev/null || pkgs+=(sfeed)
    [ -x "$PY" ] && "$PY" -c 'import feedparser' 2>/dev/null || pkgs+=(python3-feedparser)
  fi
  [ -x "$PY" ] || pkgs+=(python3)
  if [ ${#pkgs[@]} -gt 0 ]; then
    log "installing ${pkgs[*]} (apt-get)"
    [ "$(id -u)" = 0 ] || die "missing ${pkgs[*]}; run as root or install them"
    apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${pkgs[@]}" >/dev/null
  fi
}
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

HAVE_APP=1
check_app() {
  if [ "$BUILD" = 1 ]; then
    log "building the jar"
    (cd "$REPO" && mvn -B -q -o package -DskipTests) || die "build failed"
  fi
  if [ ! -f "$JAR" ] || ! timeout 60 java -jar "$JAR" poll --help >/dev/null 2>&1; then
    HAVE_APP=0
    log "WARNING: $JAR missing or 'poll --help' fails: Tributary figures are skipped"
  fi
  # The archive is tied to the jar's path and build: a stale one is ignored by the JVM with a
  # warning, so only a current one is used (the README's run command and systemd unit use it).
  local archive=${JAR%.jar}.jsa
  if [ "$CLASS_ARCHIVE" = 1 ] && [ -f "$archive" ] && [ "$archive" -nt "$JAR" ]; then
    JAVA_OPTS="$JAVA_OPTS -XX:SharedArchiveFile=$archive"
    RUN_JAVA_OPTS="$RUN_JAVA_OPTS -XX:SharedArchiveFile=$archive"
  elif [ "$CLASS_ARCHIVE" = 1 ]; then
    log "no current class archive beside $JAR (mvn package makes one): starting without it"
  fi
}

# What starting a process costs: sfeed_update runs about 17 programs per feed (curl, sfeed,
# sort, rm, ...), so its times depend on it far more than Tributary's do. The table records it, so that runs
# on different machines can be told apart.
spawn_ms() { # how long 1,000 runs of /bin/true take from this shell
  local t0 i
  t0=$(now_ns)
  for ((i = 0; i < 1000; i++)); do /bin/true; done
  ms_since "$t0"
}

machine_info() { # file
  local model mem
  model=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
  mem=$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
  {
    echo "- Machine: $(nproc) CPUs, ${model:-unknown CPU}, $mem, $(uname -sr)"
    echo "- Date: $(date -u +%Y-%m-%dT%H:%M:%SZ); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "- Process start: 1,000 runs of /bin/true from bash took $(spawn_ms) ms (sfeed_update runs about 17 programs per feed)"
    echo "- Tributary: $JAR ($( [ -f "$JAR" ] && date -u -r "$JAR" +%Y-%m-%dT%H:%MZ || echo missing)); $(java -version 2>&1 | head -1); JVM options: poll: ${JAVA_OPTS:-none}; run: ${RUN_JAVA_OPTS:-none}"
    echo "- Peers: $($NGINX -v 2>&1 | sed 's/^nginx version: //'), sfeed $(dpkg-query -W -f '${Version}' sfeed 2>/dev/null || echo '?'), python3-feedparser $(dpkg-query -W -f '${Version}' python3-feedparser 2>/dev/null || echo '?'), wrk $(dpkg-query -W -f '${Version}' wrk 2>/dev/null || echo '?'), $(curl --version | head -1 | cut -d' ' -f1-2)"
    echo "- Settings: Tributary fetch.concurrency $CONCURRENCY, fetch.per_host $PER_HOST; sfeed maxjobs $SFEED_JOBS; wrk -t2 -c64 -d${WRK_SECS}s --latency, $WRK_ROUNDS loads per variant and server taking turns, after a ${WRK_WARMUP}s warm-up of each; feedparser and Tributary \`parse\` sample: the same $FP_SAMPLE feeds (\`parse\` ${PARSE_WARMUP}s warm-up + median of 10 rounds; feedparser a warm-up pass + median of $FP_ROUNDS); farm: ~4 feeds per loopback address 127.0.x.y:$FARM_PORT, 15% on 4 'platform' addresses"
  } >"$1"
}

# --- nginx: the farm and the peer -------------------------------------------------------------
start_nginx() {
  mkdir -p "$W/nginx/tmp/"{body,proxy,fastcgi,uwsgi,scgi} "$W/peer-www"
  ulimit -n "$(ulimit -Hn)" 2>/dev/null || true # many listening addresses and connections
  "$NGINX" -t -q -p "$W/nginx/" -c "$W/nginx.conf" -e "$W/nginx/error.log" ||
    die "nginx.conf does not load (see $W/nginx/error.log)"
  "$NGINX" -p "$W/nginx/" -c "$W/nginx.conf" -e "$W/nginx/error.log" &
  NGINX_PID=$!
  local first i
  first=$(head -1 "$W/urls.txt")
  for ((i = 0; i < 100; i++)); do
    curl -sf -o /dev/null --max-time 1 "$first" && return 0
    kill -0 "$NGINX_PID" 2>/dev/null || die "nginx exited (port $FARM_PORT busy? see $W/nginx/error.log)"
    sleep 0.1
  done
  die "nginx does not answer on $first"
}
log_mark() { wc -l <"$W/nginx/farm-access.log"; }
statuses_since() { "$PY" "$BENCH/report.py" status-counts "$W/nginx/farm-access.log" "$1"; }
count_status() { # "200:5 304:3" status
  echo "$1" | tr ' ' '\n' | awk -F: -v s="$2" '$1 == s { n = $2 } END { print n + 0 }'
}

farm_transfer() { # label curl-options...
  local label=$1 t0 mark s
  shift
  mark=$(log_mark)
  t0=$(now_ns)
  timeout 600 xargs -P 16 -n 50 curl -s --max-time 30 "$@" <"$W/urls.txt" >/dev/null || true
  record "farm.curl_${label}_s" "$(secs_since "$t0")"
  s=$(statuses_since "$mark")
  [ "$(count_status "$s" 200)" = "$FEEDS" ] || note "curl $label transfer: statuses $s (expected 200:$FEEDS)"
}

# --- Tributary --------------------------------------------------------------------------------
trib() { java $JAVA_OPTS -jar "$JAR" "$@"; }

trib_poll() { # label db feeds-file
  local label=$1 db=$2 feeds=$3 t0 rc=0
  t0=$(now_ns)
  /usr/bin/time -v -o "$L/$label.time" timeout "$POLL_TIMEOUT" \
    java $JAVA_OPTS -jar "$JAR" poll --feeds "$feeds" --config "$W/tributary.yaml" --db "$db" \
    --out "$W/public" >"$L/$label.out" 2>"$L/$label.log" || rc=$?
  POLL_SECS=$(secs_since "$t0")
  POLL_RSS_MB=$(awk -F: '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$L/$label.time")
  POLL_CPU=$(awk -F: '/User time|System time/ { t += $2 } END { printf "%.2f", t }' "$L/$label.time")
  [ "$rc" = 0 ] || note "run $RUN: poll ($label) exited $rc (see $L/$label.log)"
  read -r POLL_MS POLL_NEW POLL_FAILED POLL_304 POLL_P50 POLL_MAX \
    < <("$PY" "$BENCH/report.py" poll "$L/$label.out")
  local warns
  warns=$(grep -c ' WARN \| ERROR ' "$L/$label.log" || true)
  [ "$warns" = 0 ] || note "run $RUN: poll ($label) logged $warns WARN/ERROR lines, first: $(grep -m1 ' WARN \| ERROR ' "$L/$label.log" | cut -c1-200)"
}

record_cpu() { # label poll-output: where the poll's CPU time went, from its `cpu:` line
  local name secs
  while read -r name secs; do record "trib.$1_cpu_$name" "$secs"; done \
    < <("$PY" "$BENCH/report.py" cpu "$2")
}

tributary_polls() {
  local db=$W/poll.db mark s net
  rm -f "$W"/one.db* "$db" "$db"-*
  rm -rf "$W/public"
  trib_poll startup "$W/one.db" "$W/feeds-one.yaml"
  record trib.startup_s "$POLL_SECS"
  rm -rf "$W/public"
  log "Tributary cold poll ($FEEDS feeds)"
  mark=$(log_mark)
  trib_poll "poll-cold" "$db" "$W/feeds.yaml"
  record trib.cold_s "$POLL_SECS"
  record trib.cold_app_ms "$POLL_MS"
  record trib.cold_new "$POLL_NEW"
  record trib.cold_failed "$POLL_FAILED"
  record trib.cold_src_p50_ms "$POLL_P50"
  record trib.cold_src_max_ms "$POLL_MAX"
  record_cpu cold "$L/poll-cold.out"
  record trib.cold_cpu_s "$POLL_CPU"
  record trib.poll_rss_mb "$POLL_RSS_MB"
  record trib.items_per_s "$(div "$TOTAL_ITEMS" "$POLL_SECS")"
  record trib.mb_per_s "$(div "$(div "$XML_BYTES" 1000000)" "$POLL_SECS")"
  # what the pass costs beyond starting a JVM and polling one source
  net=$(awk -v a="$POLL_SECS" -v b="$(secs_of startup)" 'BEGIN { printf "%.3f", a - b }')
  record trib.cold_net_s "$net"
  record trib.net_items_per_s "$(div "$TOTAL_ITEMS" "$net")"
  local curl_s
  curl_s=$(secs_of farm.curl_gzip)
  awk -v c="$curl_s" -v t="$POLL_SECS" 'BEGIN { exit !(c > 0.2 * t) }' &&
    note "run $RUN: raw gzip transfer ($curl_s s) is over 20% of the cold poll ($POLL_SECS s): the farm may limit it"
  s=$(statuses_since "$mark")
  log "  farm saw: $s"
  [ "$POLL_NEW" = "$EXPECTED_UNIQUE" ] ||
    note "run $RUN: cold poll stored $POLL_NEW new entries; the farm has $EXPECTED_UNIQUE distinct stories ($TOTAL_ITEMS items, $COPIES repeats)"
  log "Tributary warm poll"
  mark=$(log_mark)
  trib_poll "poll-warm" "$db" "$W/feeds.yaml"
  record trib.warm_s "$POLL_SECS"
  record trib.warm_304 "$POLL_304"
  record trib.warm_failed "$POLL_FAILED"
  record_cpu warm "$L/poll-warm.out"
  record trib.warm_cpu_s "$POLL_CPU"
  s=$(statuses_since "$mark")
  log "  farm saw: $s"
  [ "$(count_status "$s" 304)" = "$FEEDS" ] || note "run $RUN: warm poll: farm answered $s (expected 304:$FEEDS)"
}

poll_floor() { # the warm poll's floor, right after Tributary's warm poll, on the same validators
  local classes=$W/pollfloor archive=$W/pollfloor.jsa v=$L/validators.tsv mark s t0 rc=0
  # A jar, not a folder: a class archive takes no folder on its class path.
  local cmd=(-cp "$JAR:$W/pollfloor.jar" PollFloor "$v" "$CONCURRENCY" "$PER_HOST")
  "$PY" "$BENCH/report.py" validators "$W/poll.db" >"$v"
  if [ ! -f "$archive" ]; then # once per farm: compile, and train the floor's class archive
    rm -rf "$classes"
    mkdir -p "$classes"
    { javac -cp "$JAR" -d "$classes" "$BENCH/PollFloor.java" &&
      jar cf "$W/pollfloor.jar" -C "$classes" . &&
      timeout 120 java $POLL_FLOOR_JAVA_OPTS -XX:ArchiveClassesAtExit="$archive" "${cmd[@]}"
    } >"$L/pollfloor-build.out" 2>&1 ||
      { note "run $RUN: the poll floor did not build or run (see $L/pollfloor-build.out)"; return 0; }
  fi
  log "poll floor: JVM + OkHttp, the same $(wc -l <"$v") conditional GETs"
  mark=$(log_mark)
  t0=$(now_ns)
  /usr/bin/time -v -o "$L/pollfloor.time" timeout 120 \
    java $POLL_FLOOR_JAVA_OPTS -XX:SharedArchiveFile="$archive" "${cmd[@]}" >"$L/pollfloor.out" 2>&1 || rc=$?
  record floor.warm_s "$(secs_since "$t0")"
  record floor.warm_cpu_s "$(awk -F: '/User time|System time/ { t += $2 } END { printf "%.2f", t }' "$L/pollfloor.time")"
  record trib.warm_over_floor "$(div "$(secs_of warm)" "$(secs_of floor.warm)")"
  [ "$rc" = 0 ] || note "run $RUN: the poll floor exited $rc (see $L/pollfloor.out)"
  s=$(statuses_since "$mark")
  [ "$(count_status "$s" 304)" = "$FEEDS" ] || note "run $RUN: poll floor: farm answered $s (expected 304:$FEEDS)"
}

cpu_ticks() { # pid... -> user+system CPU ticks of those processes so far; nothing if one is gone
  local p t=0 f
  [ $# -gt 0 ] || return 0
  for p in "$@"; do
    # Fields after the command name, which is in parentheses and may hold spaces.
    f=$(sed 's/.*) //' "/proc/$p/stat" 2>/dev/null) || return 0
    read -r -a f <<<"$f"
    t=$((t + f[11] + f[12]))
  done
  echo "$t"
}

current_etag() { # url
  curl -s -D - -o /dev/null "$1" | tr -d '\r' | awk -F': ' 'tolower($1) == "etag" { print $2 }'
}

http_check() { # label url -> notes when 304 or gzip are not honoured; sets ETAG
  local label=$1 url=$2 code enc try
  # Up to three tries, a second apart: a daemon publishes once more shortly after its first
  # round, and a rebuild between reading the ETag and asking with it rightly gives a 200.
  for try in 1 2 3; do
    ETAG=$(current_etag "$url")
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $ETAG" "$url")
    [ "$code" = 304 ] && break
    sleep 1
  done
  [ -n "$ETAG" ] || note "$label: no ETag on $url"
  [ "$code" = 304 ] || note "$label: If-None-Match answered $code, not 304 (3 tries)"
  enc=$(curl -s -D - -o /dev/null -H 'Accept-Encoding: gzip' "$url" | tr -d '\r' |
    awk -F': ' 'tolower($1) == "content-encoding" { print $2 }')
  [ "$enc" = gzip ] || note "$label: Accept-Encoding gzip answered Content-Encoding '${enc:-none}'"
}

wrk_headers() { # url variant -> sets HDR, a variant's request headers, and HDR_ETAG
  HDR=() HDR_ETAG=""
  [ "$2" = gzip ] && HDR=(-H 'Accept-Encoding: gzip')
  # The ETag of now: a daemon may publish once more after its first round (it spaces
  # rebuilds), and a stale ETag turns a load into full 200s.
  if [ "$2" = 304 ]; then
    HDR_ETAG=$(current_etag "$1")
    HDR=(-H "If-None-Match: $HDR_ETAG")
  fi
  return 0
}

wrk_warm() { # url variant
  # Unrecorded warm-up of the same request, the same for every server: a daemon lives for
  # days, so the figure that matters is the steady state after the JIT has compiled the path
  # this variant takes.
  wrk_headers "$1" "$2"
  timeout $((WRK_WARMUP + 30)) wrk -t2 -c64 -d"${WRK_WARMUP}s" "${HDR[@]}" "$1" \
    >/dev/null 2>&1 || true
}

wrk_load() { # prefix url variant round pid... -> a line of rounds.tsv
  local prefix=$1 url=$2 variant=$3 round=$4 rps p50 p99 bad err ticks0 ticks1 requests cpu=nan
  shift 4
  local pids=("$@") out=$L/wrk-$prefix-$variant-$round.txt
  wrk_headers "$url" "$variant"
  ticks0=$(cpu_ticks "${pids[@]}")
  timeout $((WRK_SECS + 30)) wrk -t2 -c64 -d"${WRK_SECS}s" --latency "${HDR[@]}" "$url" \
    >"$out" 2>&1 || note "run $RUN: wrk $prefix $variant round $round failed"
  ticks1=$(cpu_ticks "${pids[@]}")
  read -r rps p50 p99 bad err < <("$PY" "$BENCH/report.py" wrk "$out")
  # The server's own CPU per response (whole process: for Tributary also its GC and JIT):
  # steadier than req/s, which also counts what wrk, on the same two cores, could do.
  requests=$(awk '/requests in/ { print $1 }' "$out")
  if [ -n "$ticks0" ] && [ -n "$ticks1" ] && [ "${requests:-0}" -gt 0 ] 2>/dev/null; then
    cpu=$(awk -v t=$((ticks1 - ticks0)) -v hz="$CLK_TCK" -v n="$requests" 'BEGIN { printf "%.2f", t * 1e6 / hz / n }')
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$RUN" "$variant" "$round" "$prefix" "$rps" "$cpu" \
    "$p50" "$p99" >>"$W/rounds.tsv"
  log "  $prefix $variant round $round: $rps req/s, $cpu µs CPU per response"
  [ "$bad" = 0 ] || note "run $RUN: wrk $prefix $variant round $round: $bad non-2xx/3xx responses"
  if [ "$variant" = 304 ] && [ "$(current_etag "$url")" != "$HDR_ETAG" ]; then
    note "run $RUN: wrk $prefix 304 round $round: the ETag changed during the load (a publish): some answers were 200s"
  fi
  [ "$err" = ok ] || note "run $RUN: wrk $prefix $variant round $round: $(grep 'Socket errors' "$out")"
}

http_loads() { # tributary_url [nginx_url [floor_url]]: Tributary is APP_PID, nginx
  # NGINX_PID's workers, the Jetty floor FLOOR_PID.
  # The servers take turns, load by load: each variant is loaded WRK_ROUNDS times on each
  # server, and the order turns round from one round to the next, so that a change in the
  # machine's speed (other tenants) falls on all of them. These machines' speed moves within
  # minutes, so a ratio is taken within a round (loads a few seconds apart) and the table
  # gives the median of the rounds' ratios as well as each server's median.
  local names=(trib) urls=("$1") pidlists=("$APP_PID") workers=() variant vi=0 round k n i rps cpu p50 p99
  if [ -n "${2:-}" ]; then
    mapfile -t workers < <(pgrep -P "$NGINX_PID")
    names+=(nginx) urls+=("$2") pidlists+=("${workers[*]}")
  fi
  if [ -n "${3:-}" ]; then names+=(floor) urls+=("$3") pidlists+=("$FLOOR_PID"); fi
  n=${#names[@]}
  for variant in plain gzip 304; do
    for ((i = 0; i < n; i++)); do wrk_warm "${urls[i]}" "$variant"; done
    for ((round = 1; round <= WRK_ROUNDS; round++)); do
      for ((k = 0; k < n; k++)); do
        i=$(((RUN + vi + round + k) % n))
        # shellcheck disable=SC2086 # a list of pids
        wrk_load "${names[i]}" "${urls[i]}" "$variant" "$round" ${pidlists[i]}
      done
    done
    for ((i = 0; i < n; i++)); do
      read -r rps cpu p50 p99 < <("$PY" "$BENCH/report.py" round-medians "$W/rounds.tsv" "$RUN" "$variant" "${names[i]}")
      record "${names[i]}.http_${variant}_rps" "$rps"
      [ "$cpu" = nan ] || record "${names[i]}.http_${variant}_cpu_us" "$cpu"
      record "${names[i]}.http_${variant}_p50_ms" "$p50"
      record "${names[i]}.http_${variant}_p99_ms" "$p99"
    done
    vi=$((vi + 1))
  done
}

tributary_daemon() {
  local db=$W/run.db base=http://127.0.0.1:$APP_PORT t0 i polls=0 deadline sum count hwm rss
  rm -f "$db" "$db"-*
  rm -rf "$W/run-public"
  if (exec 3<>"/dev/tcp/127.0.0.1/$APP_PORT") 2>/dev/null; then
    die "port $APP_PORT is in use (use --port-base)"
  fi
  log "Tributary daemon: start, first round, load"
  t0=$(now_ns)
  java $RUN_JAVA_OPTS -jar "$JAR" run --port "$APP_PORT" --feeds "$W/feeds.yaml" --config "$RUN_CONFIG" \
    --db "$db" --out "$W/run-public" >"$L/run.out" 2>"$L/run.log" &
  APP_PID=$!
  until curl -s -o /dev/null --max-time 1 "$base/health"; do
    kill -0 "$APP_PID" 2>/dev/null || { note "run $RUN: run exited at start (see $L/run.log)"; APP_PID=""; return; }
    [ "$(ms_since "$t0" | cut -d. -f1)" -lt 30000 ] || { note "run $RUN: run: no HTTP answer in 30 s"; break; }
    sleep 0.005
  done
  record trib.first_byte_ms "$(ms_since "$t0")"
  until [ "$(curl -s -o /dev/null --max-time 1 -w '%{http_code}' "$base/feed.atom")" = 200 ]; do
    [ "$(ms_since "$t0" | cut -d. -f1)" -lt 30000 ] || { note "run $RUN: run: /feed.atom not 200 in 30 s"; break; }
    sleep 0.005
  done
  record trib.first_feed_ms "$(ms_since "$t0")"
  deadline=$((ROUND_TIMEOUT * 2))
  for ((i = 0; i < deadline; i++)); do
    curl -s --max-time 5 -o "$L/metrics.txt" "$base/metrics" || true
    polls=$("$PY" "$BENCH/report.py" prom "$L/metrics.txt" tributary_polls_total)
    if [ "$polls" != nan ] && awk -v p="$polls" -v n="$FEEDS" 'BEGIN { exit !(p >= n) }'; then break; fi
    kill -0 "$APP_PID" 2>/dev/null || { note "run $RUN: run died during its first round"; APP_PID=""; return; }
    sleep 0.5
  done
  if [ "$polls" != nan ] && awk -v p="$polls" -v n="$FEEDS" 'BEGIN { exit !(p >= n) }'; then
    record trib.run_round_s "$(secs_since "$t0")"
  else
    note "run $RUN: run polled $polls of $FEEDS sources in ${ROUND_TIMEOUT}s"
  fi
  sum=$("$PY" "$BENCH/report.py" prom "$L/metrics.txt" tributary_fetch_duration_seconds_sum)
  count=$("$PY" "$BENCH/report.py" prom "$L/metrics.txt" tributary_fetch_duration_seconds_count)
  record trib.run_fetch_mean_ms "$(div "$(awk -v s="$sum" 'BEGIN { print (s == "nan") ? "nan" : s * 1000 }')" "$count")"
  http_check tributary "$base/feed.atom"
  TRIB_ETAG=$ETAG
  curl -s -o "$W/peer-www/feed.atom" "$base/feed.atom"
  if [ "$PEERS" = 1 ] && nginx_peer; then
    if [ "$FLOOR" = 1 ] && floor_peer; then
      http_loads "$base/feed.atom" "http://127.0.0.1:$PEER_PORT/feed.atom" "http://127.0.0.1:$FLOOR_PORT/feed.atom"
    else
      http_loads "$base/feed.atom" "http://127.0.0.1:$PEER_PORT/feed.atom"
    fi
    stop_pid "$FLOOR_PID" TERM 10
    FLOOR_PID=""
  else
    http_loads "$base/feed.atom"
  fi
  if kill -0 "$APP_PID" 2>/dev/null; then
    read -r hwm rss < <(awk '/VmHWM/ { h = $2 } /VmRSS/ { r = $2 } END { printf "%.1f %.1f\n", h / 1024, r / 1024 }' "/proc/$APP_PID/status")
    record trib.run_hwm_mb "$hwm"
    record trib.run_rss_mb "$rss"
  else
    note "run $RUN: run died during the load (see $L/run.log)"
  fi
  curl -s --max-time 5 -o "$L/metrics-end.txt" "$base/metrics" || true
  curl -s --max-time 5 -o "$L/health.json" "$base/health" || true
  t0=$(now_ns)
  stop_pid "$APP_PID" TERM 15
  record trib.stop_s "$(secs_since "$t0")"
  APP_PID=""
}

# --- peers ----------------------------------------------------------------------------------
sfeed_pass() { # label rcfile -> SFEED_SECS SFEED_CPU SFEED_OK
  local t0 rc=0
  t0=$(now_ns)
  # CPU: user+system of sfeed_update and every process it waited for (curl, sfeed, awk...),
  # the same measure as Tributary's poll gets: both do their work on the same two cores.
  /usr/bin/time -f '%U %S' -o "$L/sfeed-$1.time" \
    timeout "$POLL_TIMEOUT" sfeed_update "$2" >"$L/sfeed-$1.out" 2>&1 || rc=$?
  SFEED_SECS=$(secs_since "$t0")
  SFEED_CPU=$(awk 'NF == 2 && $1 ~ /^[0-9.]+$/ { printf "%.2f", $1 + $2 }' "$L/sfeed-$1.time")
  SFEED_OK=$(grep -c ' OK$' "$L/sfeed-$1.out" || true)
  [ "$rc" = 0 ] || note "run $RUN: sfeed_update ($1) exited $rc; $SFEED_OK feeds OK"
}

sfeed_runs() {
  local mark s t0
  rm -rf "$W/sfeed-data" "$W/sfeed-etags"
  log "sfeed_update cold / warm (default fetch: no conditional GET)"
  sfeed_pass cold "$W/sfeedrc"
  record sfeed.cold_s "$SFEED_SECS"
  record sfeed.cold_cpu_s "${SFEED_CPU:-nan}"
  record sfeed.cold_ok "$SFEED_OK"
  record sfeed.items "$("$PY" "$BENCH/report.py" sfeed-items "$W/sfeed-data")"
  record sfeed.items_per_s "$(div "$TOTAL_ITEMS" "$SFEED_SECS")"
  record sfeed.mb_per_s "$(div "$(div "$XML_BYTES" 1000000)" "$SFEED_SECS")"
  log "sfeed_atom: merge of the newest 100"
  t0=$(now_ns)
  (set +o pipefail; cat "$W"/sfeed-data/* | sort -t "$(printf '\t')" -k1,1rn | head -n 100 |
    sfeed_atom >"$W/sfeed-merged.atom")
  record sfeed.atom_merge_ms "$(ms_since "$t0")"
  mark=$(log_mark)
  sfeed_pass warm "$W/sfeedrc"
  record sfeed.warm_s "$SFEED_SECS"
  log "  farm saw: $(statuses_since "$mark")"
  log "sfeed_update with the README's ETag fetch(): cold / warm"
  rm -rf "$W/sfeed-data" "$W/sfeed-etags"
  mkdir -p "$W/sfeed-etags"
  sfeed_pass cold-etag "$W/sfeedrc-etag"
  record sfeed.cold_etag_s "$SFEED_SECS"
  mark=$(log_mark)
  sfeed_pass warm-etag "$W/sfeedrc-etag"
  record sfeed.warm_etag_s "$SFEED_SECS"
  record sfeed.warm_etag_cpu_s "${SFEED_CPU:-nan}"
  s=$(statuses_since "$mark")
  log "  farm saw: $s"
  record sfeed.warm_etag_304 "$(count_status "$s" 304)"
}

feedparser_run() {
  log "python3-feedparser: $FP_SAMPLE feeds from memory, median of $FP_ROUNDS rounds (after a warm-up pass if more than 1)"
  "$PY" "$BENCH/report.py" feedparser --dir "$FARM" --sample "$FP_SAMPLE" --rounds "$FP_ROUNDS" \
    >"$L/feedparser.json"
  read -r items secs < <("$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["items"], d["seconds"])' "$L/feedparser.json")
  record feedparser.items_per_s "$(div "$items" "$secs")"
}

tributary_parse() { # Tributary's `parse` on the very files feedparser reads (report.py sample)
  local mode items failed ips mbps cpu_ips rc fp_items
  "$PY" "$BENCH/report.py" sample --dir "$FARM" --sample "$FP_SAMPLE" >"$L/parse-sample.txt"
  local files=()
  mapfile -t files <"$L/parse-sample.txt"
  for mode in parse parse_norm; do
    local opts=()
    [ "$mode" = parse_norm ] && opts=(--normalize)
    log "Tributary parse${opts[*]:+ ${opts[*]}}: the same ${#files[@]} feeds from memory, one thread, ${PARSE_WARMUP}s warm-up, 10 rounds"
    rc=0
    # A steady-state throughput figure, as the daemon parses: its JVM options (a one-shot
    # poll's may disable the optimising compiler), and a warm-up long enough for C2 to have
    # compiled the hot paths (10 rounds after one pass were not: the median still moved).
    timeout 600 java $RUN_JAVA_OPTS -jar "$JAR" parse "${opts[@]}" --warmup "$PARSE_WARMUP" \
      --rounds 10 --json "${files[@]}" \
      >"$L/$mode.json" 2>"$L/$mode.log" || rc=$?
    [ "$rc" = 0 ] || note "run $RUN: parse ${opts[*]} exited $rc (see $L/$mode.log)"
    read -r items failed ips mbps cpu_ips < <("$PY" -c 'import json,sys
try:
    d = json.load(open(sys.argv[1]))
    print(d["items"], d["failed"], d["items_per_s"], d["mb_per_s"], d.get("cpu_items_per_s") or "nan")
except Exception:
    print("nan nan nan nan nan")' "$L/$mode.json")
    record "trib.${mode}_items_per_s" "$ips"
    record "trib.${mode}_mb_per_s" "$mbps"
    record "trib.${mode}_cpu_items_per_s" "$cpu_ips"
    [ "$failed" = 0 ] || note "run $RUN: parse ${opts[*]}: $failed of ${#files[@]} sample files failed"
    if [ -s "$L/feedparser.json" ]; then
      fp_items=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["items"])' "$L/feedparser.json")
      [ "$items" = "$fp_items" ] || note "run $RUN: parse ${opts[*]} saw $items items in the sample, feedparser $fp_items"
    fi
  done
}

nginx_peer() { # serves the bytes Tributary served; false when there are none
  local url=http://127.0.0.1:$PEER_PORT/feed.atom
  [ -s "$W/peer-www/feed.atom" ] || { note "nginx peer skipped: no feed.atom from Tributary"; return 1; }
  gzip -6 -n -c "$W/peer-www/feed.atom" >"$W/peer-www/feed.atom.gz"
  touch -r "$W/peer-www/feed.atom" "$W/peer-www/feed.atom.gz"
  log "nginx serving the same $(stat -c %s "$W/peer-www/feed.atom") bytes of feed.atom; the servers take turns"
  http_check nginx "$url"
}

floor_peer() { # starts bench/JettyFloor.java on the bytes nginx serves; false when it does not answer
  local url=http://127.0.0.1:$FLOOR_PORT/feed.atom i
  java $FLOOR_JAVA_OPTS -cp "$JAR" "$BENCH/JettyFloor.java" "$FLOOR_PORT" "$W/peer-www/feed.atom" \
    "$TRIB_ETAG" >"$L/floor.out" 2>&1 &
  FLOOR_PID=$!
  for ((i = 0; i < 300; i++)); do
    if curl -s -o /dev/null --max-time 1 "$url"; then
      http_check "Jetty floor" "$url"
      return 0
    fi
    kill -0 "$FLOOR_PID" 2>/dev/null || break
    sleep 0.1
  done
  note "run $RUN: the Jetty floor did not answer on $url (see $L/floor.out)"
  stop_pid "$FLOOR_PID" TERM 10
  FLOOR_PID=""
  return 1
}

# --- one farm size ----------------------------------------------------------------------------
bench_size() { # feeds items
  FEEDS=$1
  FARM=$OUT/farm-${1}x${2}-s$SEED
  W=$OUT/run-${1}x${2}
  rm -rf "$W"
  mkdir -p "$W/logs"
  log "farm $1 feeds x $2 items -> $FARM"
  "$PY" "$BENCH/farm.py" generate --dir "$FARM" --feeds "$1" --items "$2" --seed "$SEED"
  "$PY" "$BENCH/farm.py" configs --dir "$FARM" --work "$W" --port "$FARM_PORT" \
    --peer-port "$PEER_PORT" --app-port "$APP_PORT" --concurrency "$CONCURRENCY" \
    --per-host "$PER_HOST" --sfeed-jobs "$SFEED_JOBS"
  read -r TOTAL_ITEMS EXPECTED_UNIQUE COPIES XML_BYTES < <("$PY" -c 'import json,sys; m=json.load(open(sys.argv[1])); print(m["total_items"], m["expected_unique"], m["copies"], m["bytes"])' "$FARM/manifest.json")
  POLL_TIMEOUT=$((300 + FEEDS / 5))
  ROUND_TIMEOUT=$((120 + FEEDS / 20))
  machine_info "$W/machine.md"
  RUN_CONFIG=$W/tributary.yaml
  if [ "$HAVE_APP" = 1 ]; then
    if timeout 60 java -jar "$JAR" validate --feeds "$W/feeds.yaml" --config "$W/tributary-run.yaml" >"$W/logs/validate.txt" 2>&1; then
      RUN_CONFIG=$W/tributary-run.yaml
    else
      note "'schedule: first_round: 0s' not accepted by this jar: the daemon's first round is spread over its default (see logs/validate.txt)"
      timeout 60 java -jar "$JAR" validate --feeds "$W/feeds.yaml" --config "$W/tributary.yaml" >>"$W/logs/validate.txt" 2>&1 ||
        note "validate rejects the generated feeds.yaml/tributary.yaml: $(head -3 "$W/logs/validate.txt" | tr '\n' ' ')"
    fi
  fi
  start_nginx
  for ((RUN = 1; RUN <= RUNS; RUN++)); do
    L=$W/logs/run$RUN
    mkdir -p "$L"
    log "=== $FEEDS x $2: run $RUN of $RUNS"
    farm_transfer plain
    farm_transfer gzip --compressed
    if [ "$HAVE_APP" = 1 ]; then tributary_polls; fi
    if [ "$HAVE_APP" = 1 ] && [ "$FLOOR" = 1 ]; then poll_floor; fi
    if [ "$PEERS" = 1 ]; then sfeed_runs; feedparser_run; fi
    if [ "$HAVE_APP" = 1 ]; then tributary_parse; fi
    if [ "$HAVE_APP" = 1 ]; then tributary_daemon; fi
  done
  stop_pid "$NGINX_PID" QUIT 10
  NGINX_PID=""
  [ "$HAVE_APP" = 1 ] || note "Tributary was not measured: $JAR missing or not runnable"
  echo "- Load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$W/machine.md"
  "$PY" "$BENCH/report.py" table --results "$W/results.tsv" --manifest "$FARM/manifest.json" \
    --machine "$W/machine.md" >"$W/results.md"
}

# --- main -------------------------------------------------------------------------------------
mkdir -p "$OUT"
install_missing
check_app
if [ "$SCALE" = 1 ]; then
  SMALL=$FEEDS BIG=$((FEEDS * 10))
  bench_size "$SMALL" "$ITEMS"
  W1=$W F1=$FARM
  bench_size "$BIG" "$ITEMS"
  {
    "$PY" "$BENCH/report.py" table --results "$W1/results.tsv" --manifest "$F1/manifest.json" \
      --machine "$W1/machine.md" --scale "$W/results.tsv" --manifest2 "$FARM/manifest.json"
    echo
    echo "## At $BIG feeds"
    echo
    tail -n +3 "$W/results.md"
  } >"$OUT/results.md"
else
  bench_size "$FEEDS" "$ITEMS"
  cp "$W/results.md" "$OUT/results.md"
fi
echo
cat "$OUT/results.md"
echo
log "written: $OUT/results.md (logs under $OUT/run-*/logs)"
