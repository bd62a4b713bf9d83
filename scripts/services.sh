#!/usr/bin/env bash
# The servers jasyncio's integration tests talk to (DESIGN.md §6):
#   Redis on 127.0.0.1:6379, MariaDB on 127.0.0.1:3306 (root, empty password, database `test`),
#   PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth, database `test`).
#
#   scripts/services.sh check    report each one up/down; exit 1 if any is down
#   scripts/services.sh ensure   start whichever is down (installing the Debian packages first
#                                when run as root on a machine without them), make sure the
#                                `test` databases exist; exit 1 with what is missing otherwise
#
# Environment: JASYNCIO_SERVICES_WAIT  seconds to wait for a port after starting (default 30)
set -euo pipefail

WAIT_SECONDS="${JASYNCIO_SERVICES_WAIT:-30}"
HOST=127.0.0.1
REDIS_PORT=6379
MARIADB_PORT=3306
POSTGRES_PORT=5432
MARIADBD=/usr/sbin/mariadbd

say() { printf '%s\n' "services: $*"; }
err() { printf '%s\n' "services: $*" >&2; }
have() { command -v "$1" >/dev/null 2>&1; }
is_root() { [ "$(id -u)" = 0 ]; }

# port_up PORT: is something accepting TCP connections on 127.0.0.1:PORT?
port_up() {
    local port="$1"
    if have timeout; then
        timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$HOST" "$port" 2>/dev/null && return 0
    else
        bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$HOST" "$port" 2>/dev/null && return 0
    fi
    # bash without /dev/tcp support: fall back to nc
    if have nc; then
        nc -z -w 3 "$HOST" "$port" >/dev/null 2>&1 && return 0
    fi
    return 1
}

# wait_port PORT: wait up to WAIT_SECONDS for the port to accept connections.
wait_port() {
    local port="$1" i=0 steps=$((WAIT_SECONDS * 2))
    while [ "$i" -lt "$steps" ]; do
        port_up "$port" && return 0
        sleep 0.5
        i=$((i + 1))
    done
    return 1
}

status_line() { # NAME PORT
    if port_up "$2"; then
        printf '  %-11s %s:%-5s up\n' "$1" "$HOST" "$2"
        return 0
    fi
    printf '  %-11s %s:%-5s DOWN\n' "$1" "$HOST" "$2"
    return 1
}

cmd_check() {
    local rc=0
    status_line Redis "$REDIS_PORT" || rc=1
    status_line MariaDB "$MARIADB_PORT" || rc=1
    status_line PostgreSQL "$POSTGRES_PORT" || rc=1
    if [ "$rc" -ne 0 ]; then
        err "some services are down; start them with: scripts/services.sh ensure"
    fi
    return "$rc"
}

# ---------------------------------------------------------------- installation (root + apt)

pg_version() { # highest /etc/postgresql/<version> that has a `main` cluster
    local v best=""
    [ -d /etc/postgresql ] || return 1
    while IFS= read -r v; do
        [ -n "$v" ] && [ -d "/etc/postgresql/$v/main" ] && best="$v"
    done < <(ls /etc/postgresql 2>/dev/null | sort -V)
    [ -n "$best" ] || return 1
    printf '%s\n' "$best"
}

redis_installed() { have redis-server; }
mariadb_installed() { [ -x "$MARIADBD" ]; }
postgres_installed() { have pg_ctlcluster && pg_version >/dev/null; }

INSTALLED_POSTGRES=""

# Installs the Debian packages of the services that are down and not installed (root + apt only).
install_missing() {
    local pkgs=()
    if ! port_up "$REDIS_PORT" && ! redis_installed; then pkgs+=(redis-server); fi
    if ! port_up "$MARIADB_PORT" && ! mariadb_installed; then pkgs+=(mariadb-server mariadb-client); fi
    if ! port_up "$POSTGRES_PORT" && ! postgres_installed; then pkgs+=(postgresql postgresql-client); fi
    [ "${#pkgs[@]}" -gt 0 ] || return 0
    if ! is_root || ! have apt-get; then
        say "not installed: ${pkgs[*]} (not root with apt-get, so not installing them)"
        return 0
    fi
    say "installing ${pkgs[*]} (apt-get update && apt-get install -y ...)"
    export DEBIAN_FRONTEND=noninteractive
    if ! apt-get update </dev/null; then
        err "apt-get update failed; continuing with the package lists already present"
    fi
    if ! apt-get install -y --no-install-recommends "${pkgs[@]}" </dev/null; then
        err "apt-get install -y ${pkgs[*]} failed"
        return 0
    fi
    case " ${pkgs[*]} " in *" postgresql "*) INSTALLED_POSTGRES=1 ;; esac
}

# ---------------------------------------------------------------- Redis

ensure_redis() {
    if port_up "$REDIS_PORT"; then
        say "Redis      $HOST:$REDIS_PORT up"
        return 0
    fi
    if ! redis_installed; then
        err "Redis is down and redis-server is not installed."
        err "  fix: sudo apt-get install -y redis-server   (macOS: brew install redis)"
        err "       then: scripts/services.sh ensure   -- or start any Redis on $HOST:$REDIS_PORT yourself"
        return 1
    fi
    say "starting Redis"
    mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
    local major
    major="$(redis-server --version 2>/dev/null | sed -n 's/.* v=\([0-9][0-9]*\).*/\1/p')"
    if [ "${major:-7}" -ge 7 ]; then
        redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
    else
        # Redis < 7 does not understand the optional "-::1" bind address.
        redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
    fi
    if wait_port "$REDIS_PORT"; then
        say "Redis      $HOST:$REDIS_PORT up (started)"
        return 0
    fi
    err "Redis did not come up on $HOST:$REDIS_PORT within ${WAIT_SECONDS}s."
    [ -r /var/log/redis/ci.log ] && tail -n 5 /var/log/redis/ci.log | sed 's/^/  redis log: /' >&2
    is_root || err "  /var/lib/redis and /var/log/redis need write access: run as root (sudo scripts/services.sh ensure)"
    return 1
}

# ---------------------------------------------------------------- MariaDB

mariadb_client() {
    if have mariadb; then printf 'mariadb\n'; elif have mysql; then printf 'mysql\n'; else return 1; fi
}

ensure_mariadb() {
    local client
    if port_up "$MARIADB_PORT"; then
        say "MariaDB    $HOST:$MARIADB_PORT up"
    else
        if ! mariadb_installed; then
            err "MariaDB is down and $MARIADBD is not installed."
            err "  fix: sudo apt-get install -y mariadb-server   (macOS: brew install mariadb)"
            err "       then: scripts/services.sh ensure   -- or start any MariaDB/MySQL on $HOST:$MARIADB_PORT yourself"
            return 1
        fi
        if ! have start-stop-daemon; then
            err "MariaDB is down and start-stop-daemon (Debian's dpkg) is missing; start $MARIADBD yourself."
            return 1
        fi
        say "starting MariaDB"
        if [ ! -d /run/mysqld ]; then
            mkdir -p /run/mysqld 2>/dev/null && chown mysql:mysql /run/mysqld 2>/dev/null || true
        fi
        start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd || true
        if ! wait_port "$MARIADB_PORT"; then
            err "MariaDB did not come up on $HOST:$MARIADB_PORT within ${WAIT_SECONDS}s."
            is_root || err "  it must be started as root: sudo scripts/services.sh ensure"
            err "  see the server log (journalctl -u mariadb, /var/log/mysql/, or run $MARIADBD in a terminal)"
            return 1
        fi
        say "MariaDB    $HOST:$MARIADB_PORT up (started)"
    fi

    if ! client="$(mariadb_client)"; then
        err "MariaDB is up but the client (mariadb or mysql) is missing, so database \`test\` cannot be checked."
        err "  fix: sudo apt-get install -y mariadb-client"
        return 1
    fi
    if "$client" -h127.0.0.1 -uroot -e 'CREATE DATABASE IF NOT EXISTS test' </dev/null 2>/dev/null; then
        say "MariaDB    root@$HOST (no password) ok, database test ok"
        return 0
    fi
    # Fresh Debian installs: root only via unix_socket. Allow passwordless TCP login for root.
    if is_root; then
        say "MariaDB    enabling passwordless root login over TCP (test machine setup)"
        "$client" -uroot </dev/null -e "
            CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY '';
            ALTER USER 'root'@'127.0.0.1' IDENTIFIED BY '';
            GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;
            CREATE DATABASE IF NOT EXISTS test;" || true
        "$client" -uroot </dev/null -e "
            ALTER USER 'root'@'localhost' IDENTIFIED VIA unix_socket OR mysql_native_password USING PASSWORD('');
            FLUSH PRIVILEGES;" 2>/dev/null || true
        if "$client" -h127.0.0.1 -uroot -e 'CREATE DATABASE IF NOT EXISTS test' </dev/null; then
            say "MariaDB    root@$HOST (no password) ok, database test ok"
            return 0
        fi
    fi
    err "MariaDB is up but 'root' cannot log in without a password over TCP $HOST:$MARIADB_PORT."
    err "  fix (as root, via the local socket):"
    err "    sudo mariadb -e \"CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY ''; GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION; CREATE DATABASE IF NOT EXISTS test;\""
    return 1
}

# ---------------------------------------------------------------- PostgreSQL

# pg_tcp SQL: run SQL as postgres over TCP (the way the tests connect), no password prompt.
pg_tcp() {
    PGCONNECT_TIMEOUT=5 psql -w -X -q -h "$HOST" -p "$POSTGRES_PORT" -U postgres -d postgres -tAc "$1" </dev/null
}

# pg_local SQL: run SQL as the postgres OS user over the local socket (root only).
pg_local() {
    local q
    printf -v q '%q' "$1"
    su postgres -s /bin/sh -c "psql -X -q -d postgres -tAc $q" </dev/null
}

pg_allow_trust() { # only for a cluster this script just installed
    local v hba
    v="$(pg_version)" || return 1
    hba="/etc/postgresql/$v/main/pg_hba.conf"
    [ -w "$hba" ] || return 1
    say "PostgreSQL configuring trust auth for $HOST and ::1 in $hba (freshly installed test server)"
    sed -i -e '1i host all all 127.0.0.1/32 trust' -e '1i host all all ::1/128 trust' "$hba"
    pg_ctlcluster --skip-systemctl-redirect "$v" main reload || true
}

ensure_postgres() {
    local v exists
    if port_up "$POSTGRES_PORT"; then
        say "PostgreSQL $HOST:$POSTGRES_PORT up"
    else
        if ! have pg_ctlcluster; then
            err "PostgreSQL is down and pg_ctlcluster (Debian's postgresql-common) is not installed."
            err "  fix: sudo apt-get install -y postgresql   (macOS: brew install postgresql && brew services start postgresql)"
            err "       then: scripts/services.sh ensure   -- or start any PostgreSQL on $HOST:$POSTGRES_PORT yourself"
            return 1
        fi
        if ! v="$(pg_version)"; then
            err "PostgreSQL is down and there is no cluster under /etc/postgresql/<version>/main."
            err "  fix: sudo pg_createcluster <version> main   (see: ls /usr/lib/postgresql), then: scripts/services.sh ensure"
            return 1
        fi
        say "starting PostgreSQL $v/main"
        pg_ctlcluster --skip-systemctl-redirect "$v" main start || true
        if ! wait_port "$POSTGRES_PORT"; then
            err "PostgreSQL did not come up on $HOST:$POSTGRES_PORT within ${WAIT_SECONDS}s."
            is_root || err "  it must be started as root or postgres: sudo scripts/services.sh ensure"
            err "  see /var/log/postgresql/postgresql-$v-main.log"
            return 1
        fi
        say "PostgreSQL $HOST:$POSTGRES_PORT up (started)"
    fi

    if ! have psql; then
        err "PostgreSQL is up but psql is missing, so database \`test\` cannot be checked."
        err "  fix: sudo apt-get install -y postgresql-client"
        return 1
    fi
    if ! pg_tcp 'SELECT 1' >/dev/null 2>&1 && [ -n "$INSTALLED_POSTGRES" ] && is_root; then
        pg_allow_trust || true
        sleep 1
    fi
    if exists="$(pg_tcp "SELECT 1 FROM pg_database WHERE datname = 'test'" 2>/dev/null)"; then
        if [ "$exists" != 1 ]; then
            pg_tcp 'CREATE DATABASE test' >/dev/null || { err "PostgreSQL: CREATE DATABASE test failed"; return 1; }
        fi
        say "PostgreSQL postgres@$HOST (trust) ok, database test ok"
        return 0
    fi
    # TCP login as postgres without password failed: create the database anyway if we can,
    # then say how to allow the tests in.
    if is_root && exists="$(pg_local "SELECT 1 FROM pg_database WHERE datname = 'test'" 2>/dev/null)"; then
        [ "$exists" = 1 ] || pg_local 'CREATE DATABASE test' >/dev/null || true
    fi
    err "PostgreSQL is up but user postgres cannot log in without a password over TCP $HOST:$POSTGRES_PORT."
    err "  fix: add these lines at the top of pg_hba.conf (sudo -u postgres psql -tAc 'SHOW hba_file'),"
    err "       then reload (sudo pg_ctlcluster <version> main reload):"
    err "         host all all 127.0.0.1/32 trust"
    err "         host all all ::1/128 trust"
    return 1
}

cmd_ensure() {
    local rc=0
    install_missing
    ensure_redis || rc=1
    ensure_mariadb || rc=1
    ensure_postgres || rc=1
    if [ "$rc" -ne 0 ]; then
        err "not all test services are available (see above); the integration tests need them."
    fi
    return "$rc"
}

usage() {
    cat <<'EOF'
usage: scripts/services.sh check|ensure
  check    report Redis (6379), MariaDB (3306), PostgreSQL (5432) on 127.0.0.1 as up/down;
           exit 1 if any is down
  ensure   start whichever is down (as root, installing redis-server / mariadb-server /
           postgresql with apt-get first if missing), make sure database `test` exists in
           MariaDB (root, no password) and PostgreSQL (postgres, trust); exit 1 if it cannot
EOF
}

case "${1:-}" in
    check) cmd_check ;;
    ensure) cmd_ensure ;;
    -h | --help | help) usage ;;
    *) usage >&2; exit 2 ;;
esac
