#!/usr/bin/env bash
# w5.sh - workload W5 (TCP echo, shared/bench/SPEC.md) side by side: the neutral C epoll echo
# server against jasyncio's serve-echo (--protocol and --streams), all driven by the neutral C
# client echoclient. See bench/README.md ("W5: TCP echo").
#
# usage: bench/scripts/w5.sh [options]
#   -r N      measured runs per (size, implementation)                 default 3
#   -t S      seconds per run                                          default 10
#   -s LIST   comma-separated message sizes in bytes                   default 1024,10240,102400
#   -c N      connections                                              default 10
#   -i LIST   implementations: c, protocol, streams                    default c,protocol,streams
#   -p PORT   first of the ports used (one per implementation)         default 25101
#   -H        head to head: each round runs every implementation's client AT THE SAME TIME
#             (servers share CPU 0, clients CPU 1), so all of them see the same machine load;
#             the ratios then compare CPU efficiency under contention
#   -n        do not compile (use the classes already in core/ and bench/target)
# Environment: BENCH_TOOLS         directory of echoserver.c/echoclient.c (default: the shared
#                                  bench/tools next to the repository, or /work/shared/bench/tools)
#              JASYNCIO_JAVA_OPTS  extra JVM options for the jasyncio servers (as for ./jasyncio:
#                                  -XX:+UseParallelGC unless they name a collector)
#
# The jasyncio servers run this checkout's classes (core/target/classes, bench/target/classes),
# compiled first with ./mvnw; never the jasyncio-core jar installed in ~/.m2, which may be
# another checkout's. Every server is pinned to CPU 0 and every client to CPU 1 (taskset), as
# the spec asks. The servers stay up for the whole session; each JVM is warmed up first until
# its JIT compiler threads go quiet (measured runs of a JVM still compiling its loop lose a
# share of CPU 0 to the compiler). Implementations take turns within each round, in
# alternating order, so that drift in the machine's load hits them alike.
#
# Output: one JSON line per run on stdout
#   {"impl","workload":"W5","size","conns","run","seconds","rate" (messages/s),"cpu_s" (server
#    CPU, all threads, user+system),"cpu_us_per_item","sys_share","load1"}
# then on stderr a table: each implementation's median rate and CPU per message, its ratio to
# the C server (ratio of the medians), and the median of the per-round ratios ("paired").
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
repeat=3 secs=10 sizes=1024,10240,102400 conns=10 impls=c,protocol,streams baseport=25101
h2h=0 build=1
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; }
while getopts "r:t:s:c:i:p:Hnh" opt; do
    case "$opt" in
        r) repeat=$OPTARG ;;
        t) secs=$OPTARG ;;
        s) sizes=$OPTARG ;;
        c) conns=$OPTARG ;;
        i) impls=$OPTARG ;;
        p) baseport=$OPTARG ;;
        H) h2h=1 ;;
        n) build=0 ;;
        h) usage; exit 0 ;;
        *) usage; exit 2 ;;
    esac
done
die() { echo "w5.sh: $*" >&2; exit 1; }
IFS=, read -r -a SIZES <<<"$sizes"
IFS=, read -r -a IMPLS <<<"$impls"
for i in "${IMPLS[@]}"; do
    case "$i" in c | protocol | streams) ;; *) die "unknown implementation '$i' (c, protocol, streams)" ;; esac
done
[[ $repeat =~ ^[1-9][0-9]*$ ]] || die "-r takes a positive whole number, got '$repeat'"
command -v taskset >/dev/null || die "taskset is missing (util-linux)"
command -v gcc >/dev/null || die "gcc is missing: the C echo server and client are compiled from source"

# ------------------------------------------------------------------ the C tools
tools="${BENCH_TOOLS:-}"
if [ -z "$tools" ]; then
    for d in "$ROOT/../shared/bench/tools" /work/shared/bench/tools; do
        [ -f "$d/echoclient.c" ] && { tools="$d"; break; }
    done
fi
[ -n "$tools" ] && [ -f "$tools/echoclient.c" ] && [ -f "$tools/echoserver.c" ] ||
    die "cannot find echoserver.c/echoclient.c; set BENCH_TOOLS to the shared bench/tools directory"
bin="$ROOT/target/w5-tools"
mkdir -p "$bin"
for t in echoserver echoclient; do
    if [ ! -x "$bin/$t" ] || [ "$tools/$t.c" -nt "$bin/$t" ]; then
        gcc -O2 -Wall -Wextra -std=gnu11 -o "$bin/$t" "$tools/$t.c" || die "compiling $t.c failed"
    fi
done

# ------------------------------------------------------------------ the Java side
# shellcheck source=../../scripts/jdk.sh
. "$ROOT/scripts/jdk.sh"
jasyncio_use_jdk
if ((build)); then
    (cd "$ROOT" && MAVEN_OPTS="--sun-misc-unsafe-memory-access=allow${MAVEN_OPTS:+ $MAVEN_OPTS}" \
        ./mvnw -q -B -ntp -DskipTests compile -pl core,bench) || die "compiling core and bench failed"
fi
cp="$ROOT/core/target/classes:$ROOT/bench/target/classes"
[ -f "$ROOT/bench/target/classes/jasyncio/bench/ServeEcho.class" ] || die "bench classes missing: run without -n"
# the JVM the launcher (./jasyncio bench serve-echo) would start: the parallel collector unless
# the options name one
jvm=(--add-opens java.base/java.lang=ALL-UNNAMED)
case " ${JASYNCIO_JAVA_OPTS:-} ${JAVA_TOOL_OPTIONS:-} ${JDK_JAVA_OPTIONS:-} " in
    *-XX:+Use*GC*) ;;
    *) jvm+=(-XX:+UseParallelGC) ;;
esac
if [ -n "${JASYNCIO_JAVA_OPTS:-}" ]; then
    read -r -a extra <<<"$JASYNCIO_JAVA_OPTS"
    jvm+=("${extra[@]}")
fi

# ------------------------------------------------------------------ servers
declare -A PID PORT
cleanup() {
    local p
    for p in "${PID[@]}"; do kill "$p" 2>/dev/null || true; done
    for p in "${PID[@]}"; do wait "$p" 2>/dev/null || true; done
}
trap cleanup EXIT

n=0
for i in "${IMPLS[@]}"; do
    port=$((baseport + n))
    n=$((n + 1))
    PORT[$i]=$port
    if [ "$i" = c ]; then
        taskset -c 0 "$bin/echoserver" -p "$port" &
    else
        taskset -c 0 "$JAVA_HOME/bin/java" "${jvm[@]}" -cp "$cp" jasyncio.bench.Main serve-echo \
            --port "$port" "--$i" 2>"$ROOT/target/w5-$i.err" &
    fi
    PID[$i]=$!
done

# cpu_ticks PID: user and system clock ticks of the whole process (all threads).
cpu_ticks() { awk '{ print $14, $15 }' "/proc/$1/stat"; }
# jit_ticks PID: clock ticks used so far by the JVM's JIT compiler threads.
jit_ticks() {
    local t sum=0
    for t in /proc/"$1"/task/*; do
        case "$(cat "$t/comm" 2>/dev/null)" in
            C1\ Compiler* | C2\ Compiler*) sum=$((sum + $(awk '{ print $14 + $15 }' "$t/stat" 2>/dev/null || echo 0))) ;;
        esac
    done
    echo "$sum"
}
load1() { cut -d' ' -f1 /proc/loadavg; }
hz=$(getconf CLK_TCK)

# client IMPL SIZE SECONDS OUTFILE: one echoclient run against IMPL's server.
client() {
    taskset -c 1 "$bin/echoclient" -p "${PORT[$1]}" -c "$conns" -s "$2" -t "$3" >"$4"
}

# measure SECONDS SIZE IMPL...: runs the IMPLs' clients one after another (or all at once with
# -H); prints one "impl rate cpu_s sys_share" line per IMPL.
measure() {
    local t=$1 size=$2 i out
    shift 2
    local -A U0 S0 CPID
    for i in "$@"; do
        kill -0 "${PID[$i]}" 2>/dev/null || die "the $i server died (see target/w5-$i.err)"
    done
    if ((h2h)); then
        for i in "$@"; do read -r U0[$i] S0[$i] < <(cpu_ticks "${PID[$i]}"); done
        for i in "$@"; do client "$i" "$size" "$t" "$tmp/$i.out" & CPID[$i]=$!; done
        for i in "$@"; do wait "${CPID[$i]}" || die "echoclient against $i failed"; done
        for i in "$@"; do report "$i" "${U0[$i]}" "${S0[$i]}"; done
    else
        for i in "$@"; do
            read -r U0[$i] S0[$i] < <(cpu_ticks "${PID[$i]}")
            client "$i" "$size" "$t" "$tmp/$i.out" || die "echoclient against $i failed"
            report "$i" "${U0[$i]}" "${S0[$i]}"
        done
    fi
}
report() {
    local i=$1 u0=$2 s0=$3 u1 s1 rate
    read -r u1 s1 < <(cpu_ticks "${PID[$i]}")
    rate="$(sed 's/.*"msgs_per_s":\([0-9.]*\).*/\1/' "$tmp/$i.out")"
    awk -v i="$i" -v r="$rate" -v u=$((u1 - u0)) -v s=$((s1 - s0)) -v hz="$hz" \
        'BEGIN { c = (u + s) / hz; printf "%s %s %.2f %.3f\n", i, r, c, (u + s) ? s / (u + s) : 0 }'
}

tmp="$(mktemp -d)"
trap 'cleanup; rm -rf "$tmp"' EXIT

# Warm-up: until every server answers (echoclient retries refused connects for ~5 s), then
# passes over all sizes, 2 s each: at least 4 (the loop's own method is compiled only after
# some 100,000 turns of it), and on until a pass in which no JVM's JIT compiler threads used
# more than 2 clock ticks (at most 10 passes).
for size in "${SIZES[@]}"; do measure 1 "$size" "${IMPLS[@]}" >/dev/null; done
declare -A JIT0
for pass in 1 2 3 4 5 6 7 8 9 10; do
    busy=""
    for i in "${IMPLS[@]}"; do [ "$i" = c ] || JIT0[$i]=$(jit_ticks "${PID[$i]}"); done
    for size in "${SIZES[@]}"; do
        for i in "${IMPLS[@]}"; do [ "$i" = c ] || measure 2 "$size" "$i" >/dev/null; done
    done
    for i in "${IMPLS[@]}"; do
        [ "$i" = c ] || (($(jit_ticks "${PID[$i]}") - ${JIT0[$i]} <= 2)) || busy+=" $i"
    done
    ((pass >= 4)) && [ -z "$busy" ] && break
done
echo "w5.sh: warmed up in $pass pass(es)${busy:+ (JIT still compiling in:$busy)}; load average" \
    "$(cut -d' ' -f1-3 /proc/loadavg); ${repeat} x ${secs}s per (size, impl)$( ((h2h)) && echo ', head to head')" >&2

name() { if [ "$1" = c ]; then echo c-epoll; else echo "jasyncio-$1"; fi; }
declare -A RATES CPUS RATIOS CRATIOS
for ((r = 1; r <= repeat; r++)); do
    for size in "${SIZES[@]}"; do
        order=("${IMPLS[@]}")
        if ((r % 2 == 0)); then
            order=()
            for ((k = ${#IMPLS[@]} - 1; k >= 0; k--)); do order+=("${IMPLS[$k]}"); done
        fi
        l=$(load1)
        declare -A R=() C=()
        while read -r i rate cpu share; do
            cpi=$(awk -v c="$cpu" -v r="$rate" -v t="$secs" 'BEGIN { printf "%.2f", (r > 0) ? c * 1e6 / (r * t) : 0 }')
            printf '{"impl":"%s","workload":"W5","size":%s,"conns":%s,"run":%d,"seconds":%s,"rate":%s,"cpu_s":%s,"cpu_us_per_item":%s,"sys_share":%s,"load1":%s%s}\n' \
                "$(name "$i")" "$size" "$conns" "$r" "$secs" "$rate" "$cpu" "$cpi" "$share" "$l" \
                "$( ((h2h)) && echo ',"head_to_head":true')"
            RATES[$i,$size]+="$rate "
            CPUS[$i,$size]+="$cpi "
            R[$i]=$rate C[$i]=$cpi
        done < <(measure "$secs" "$size" "${order[@]}")
        [ "${#R[@]}" -eq "${#IMPLS[@]}" ] || die "a run of size $size failed (see above)"
        if [ -n "${PORT[c]:-}" ]; then
            # this round's own ratios to the C server: the pair shared the round's load
            for i in "${IMPLS[@]}"; do
                RATIOS[$i,$size]+="$(awk -v a="${R[$i]}" -v b="${R[c]}" 'BEGIN { printf "%.4f", (b > 0) ? a / b : 0 }') "
                CRATIOS[$i,$size]+="$(awk -v a="${C[$i]}" -v b="${C[c]}" 'BEGIN { printf "%.4f", (b > 0) ? a / b : 0 }') "
            done
        fi
    done
done

median() { tr ' ' '\n' | sed '/^$/d' | sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) exit; print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
{
    echo "W5 echo, ${conns} connections, medians of ${repeat} x ${secs}s$( ((h2h)) && echo ', head to head'); load average now $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "x C: ratio of the medians; paired: median of each round's own ratio to the C server"
    printf '%-9s %-10s %12s %8s %8s %12s %8s %8s\n' size impl msgs/s "x C" paired "cpu us/msg" "x C" paired
    for size in "${SIZES[@]}"; do
        cr="" cc=""
        [ -n "${PORT[c]:-}" ] && { cr=$(median <<<"${RATES[c,$size]}"); cc=$(median <<<"${CPUS[c,$size]}"); }
        for i in "${IMPLS[@]}"; do
            mr=$(median <<<"${RATES[$i,$size]}")
            mc=$(median <<<"${CPUS[$i,$size]}")
            pr=$(median <<<"${RATIOS[$i,$size]:-}") pc=$(median <<<"${CRATIOS[$i,$size]:-}")
            awk -v s="$size" -v i="$i" -v mr="$mr" -v mc="$mc" -v cr="$cr" -v cc="$cc" -v pr="$pr" -v pc="$pc" 'BEGIN {
                printf "%-9s %-10s %12.0f %8s %8s %12.2f %8s %8s\n", s, i, mr,
                    (cr != "" && cr > 0) ? sprintf("%.3f", mr / cr) : "-", (pr != "") ? sprintf("%.3f", pr) : "-", mc,
                    (cc != "" && cc > 0) ? sprintf("%.3f", mc / cc) : "-", (pc != "") ? sprintf("%.3f", pc) : "-" }'
        done
    done
} >&2
