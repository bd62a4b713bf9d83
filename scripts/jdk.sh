#!/usr/bin/env bash
# Finds a JDK 25+ for jasyncio. Source it and call `jasyncio_use_jdk`:
#
#     . scripts/jdk.sh && jasyncio_use_jdk
#
# Search order: $JAVA_HOME, `java` on PATH, then the usual install directories
# (overridable with JASYNCIO_JDK_SEARCH_DIRS, a colon-separated list of glob patterns;
# set it to the empty string to search no directories). On success JAVA_HOME is
# exported and $JAVA_HOME/bin is put first on PATH. On failure a message goes to
# stderr and the calling shell exits 1.
#
# Run directly (`scripts/jdk.sh`) it prints the JDK it found.

JASYNCIO_JDK_MIN_MAJOR="${JASYNCIO_JDK_MIN_MAJOR:-25}"

# Prints the major version of the given java binary (e.g. 25, 17, 8); fails if it cannot run.
jasyncio_java_major() {
    local java_bin="$1" out ver major
    [ -x "$java_bin" ] || return 1
    out="$("$java_bin" -version 2>&1)" || return 1
    # First line looks like: openjdk version "25.0.3" 2025-... / java version "1.8.0_392"
    ver="$(printf '%s\n' "$out" | sed -n 's/^.* version "\([^"]*\)".*$/\1/p' | head -n 1)"
    [ -n "$ver" ] || return 1
    case "$ver" in
        1.*) major="$(printf '%s' "$ver" | cut -d. -f2)" ;;
        *)   major="$(printf '%s' "$ver" | sed 's/[^0-9].*$//')" ;;
    esac
    case "$major" in
        '' | *[!0-9]*) return 1 ;;
    esac
    printf '%s\n' "$major"
}

# Resolves symlinks portably (readlink -f is missing on old macOS).
_jasyncio_realpath() {
    local p="$1" target
    if readlink -f / >/dev/null 2>&1; then
        readlink -f "$p"
        return
    fi
    while [ -L "$p" ]; do
        target="$(readlink "$p")"
        case "$target" in
            /*) p="$target" ;;
            *)  p="$(dirname "$p")/$target" ;;
        esac
    done
    printf '%s\n' "$p"
}

# Prints the home of the first JDK >= JASYNCIO_JDK_MIN_MAJOR; appends what it looked at to
# the global _JASYNCIO_JDK_TRIED (one line per candidate). Returns 1 if none qualifies.
jasyncio_find_jdk() {
    local min="$JASYNCIO_JDK_MIN_MAJOR" major java_path home pattern dir
    local search_dirs
    _JASYNCIO_JDK_TRIED=""

    # 1. $JAVA_HOME
    if [ -n "${JAVA_HOME:-}" ]; then
        if major="$(jasyncio_java_major "$JAVA_HOME/bin/java")"; then
            if [ "$major" -ge "$min" ]; then
                printf '%s\n' "$JAVA_HOME"
                return 0
            fi
            _JASYNCIO_JDK_TRIED="${_JASYNCIO_JDK_TRIED}  JAVA_HOME=$JAVA_HOME -> Java $major
"
        else
            _JASYNCIO_JDK_TRIED="${_JASYNCIO_JDK_TRIED}  JAVA_HOME=$JAVA_HOME -> no working bin/java
"
        fi
    else
        _JASYNCIO_JDK_TRIED="${_JASYNCIO_JDK_TRIED}  JAVA_HOME -> not set
"
    fi

    # 2. java on PATH
    if java_path="$(command -v java 2>/dev/null)" && [ -n "$java_path" ]; then
        if major="$(jasyncio_java_major "$java_path")"; then
            if [ "$major" -ge "$min" ]; then
                home="$(dirname "$(dirname "$(_jasyncio_realpath "$java_path")")")"
                # macOS stub /usr/bin/java: ask java_home for the real home.
                if [ ! -x "$home/bin/javac" ] && [ -x /usr/libexec/java_home ]; then
                    home="$(/usr/libexec/java_home -v "$min+" 2>/dev/null || printf '%s' "$home")"
                fi
                printf '%s\n' "$home"
                return 0
            fi
            _JASYNCIO_JDK_TRIED="${_JASYNCIO_JDK_TRIED}  java on PATH ($java_path) -> Java $major
"
        else
            _JASYNCIO_JDK_TRIED="${_JASYNCIO_JDK_TRIED}  java on PATH ($java_path) -> does not run
"
        fi
    else
        _JASYNCIO_JDK_TRIED="${_JASYNCIO_JDK_TRIED}  java on PATH -> none
"
    fi

    # 3. the usual install directories (newest-looking names first within each pattern)
    if [ -n "${JASYNCIO_JDK_SEARCH_DIRS+set}" ]; then
        search_dirs="$JASYNCIO_JDK_SEARCH_DIRS"
    else
        search_dirs="/usr/lib/jvm/*:/opt/java/*:/opt/jdk*:/usr/local/lib/jvm/*:$HOME/.sdkman/candidates/java/*:$HOME/.jdks/*:/Library/Java/JavaVirtualMachines/*/Contents/Home"
    fi
    if [ -z "$search_dirs" ]; then
        _JASYNCIO_JDK_TRIED="${_JASYNCIO_JDK_TRIED}  install directories -> none searched (JASYNCIO_JDK_SEARCH_DIRS is empty)
"
    fi
    local IFS_SAVED="$IFS" patterns found_any
    IFS=':'
    # shellcheck disable=SC2206  # intentional split on ':'
    patterns=($search_dirs)
    IFS="$IFS_SAVED"
    for pattern in ${patterns[@]+"${patterns[@]}"}; do
        [ -n "$pattern" ] || continue
        found_any=""
        # Glob expansion (unquoted on purpose); sort -rV puts higher versions first.
        # shellcheck disable=SC2086
        while IFS= read -r dir; do
            [ -n "$dir" ] || continue
            [ -d "$dir" ] || continue
            found_any=1
            if major="$(jasyncio_java_major "$dir/bin/java")"; then
                if [ "$major" -ge "$min" ]; then
                    printf '%s\n' "$dir"
                    return 0
                fi
                _JASYNCIO_JDK_TRIED="${_JASYNCIO_JDK_TRIED}  $dir -> Java $major
"
            else
                _JASYNCIO_JDK_TRIED="${_JASYNCIO_JDK_TRIED}  $dir -> no working bin/java
"
            fi
        done < <(IFS=$'\n'; for d in $pattern; do printf '%s\n' "$d"; done | sort -rV 2>/dev/null || true)
        if [ -z "$found_any" ]; then
            _JASYNCIO_JDK_TRIED="${_JASYNCIO_JDK_TRIED}  $pattern -> nothing there
"
        fi
    done
    return 1
}

# Finds a JDK 25+, exports JAVA_HOME and puts its bin first on PATH; exits 1 with a clear
# message if there is none.
jasyncio_use_jdk() {
    local home
    if ! home="$(jasyncio_find_jdk)"; then
        # jasyncio_find_jdk ran in a subshell; run it again here to get the list it tried.
        jasyncio_find_jdk >/dev/null || true
        {
            echo "jasyncio: no JDK $JASYNCIO_JDK_MIN_MAJOR or newer found (jasyncio needs Java $JASYNCIO_JDK_MIN_MAJOR+)."
            echo "Looked at:"
            printf '%s' "$_JASYNCIO_JDK_TRIED"
            echo "Install a JDK $JASYNCIO_JDK_MIN_MAJOR, for example Eclipse Temurin 25:"
            echo "  Debian/Ubuntu: add the Adoptium apt repo (https://adoptium.net/installation/linux/),"
            echo "                 then: sudo apt-get install temurin-25-jdk"
            echo "  macOS:         brew install --cask temurin@25"
            echo "  SDKMAN:        sdk install java 25-tem"
            echo "  or download:   https://adoptium.net/temurin/releases/?version=25"
            echo "then point JAVA_HOME at it, e.g.: export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64"
        } >&2
        exit 1
    fi
    if [ -n "${JAVA_HOME:-}" ] && [ "$JAVA_HOME" != "$home" ]; then
        echo "jasyncio: JAVA_HOME=$JAVA_HOME is not a JDK $JASYNCIO_JDK_MIN_MAJOR+; using $home" >&2
    fi
    JAVA_HOME="$home"
    export JAVA_HOME
    PATH="$JAVA_HOME/bin:$PATH"
    export PATH
}

# Executed directly: report the JDK that would be used.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    jasyncio_use_jdk
    echo "JAVA_HOME=$JAVA_HOME"
    "$JAVA_HOME/bin/java" -version 2>&1 | head -n 1
fi
