# Sourced by .ci/run: starts a throw-away PostgreSQL server on 127.0.0.1 for the tests' PostgreSQL run
# and exports where it is (CONSENSUS_DB_URL, CONSENSUS_DB_USER, CONSENSUS_DB_PASSWORD). Installs
# Debian's postgresql package only when no server binaries are present. The server, its data
# directory and its socket live in one temporary directory, removed when the calling shell exits.
# CONSENSUS_POSTGRES_TESTS=required makes the tests fail, not skip, if the server is unreachable.

consensus_pg_bindir() {
    local dir
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
            echo "$dir"
            return 0
        fi
    done
    return 1
}

if ! PG_BIN=$(consensus_pg_bindir); then
    echo "postgres: installing Debian's postgresql package" >&2
    if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
    PG_BIN=$(consensus_pg_bindir)
fi

PG_HOME=$(mktemp -d /tmp/consensus-pg.XXXXXX)
# initdb and the server refuse to run as root: run them as the package's postgres user then.
if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$PG_HOME"
    pg_as_owner() { runuser -u postgres -- "$@"; }
else
    pg_as_owner() { "$@"; }
fi
PG_PORT=""
for candidate in $(shuf -i 20000-60000 -n 20); do
    if ! (exec 3<>/dev/tcp/127.0.0.1/"$candidate") 2>/dev/null; then
        PG_PORT=$candidate
        break
    fi
done
[ -n "$PG_PORT" ] || { echo "postgres: no free port found" >&2; exit 1; }

# Locale C: byte order, so a LIKE 'prefix%' look-up (hash prefixes) can use the plain b-tree indexes.
pg_as_owner "$PG_BIN/initdb" -D "$PG_HOME/data" -U postgres -A trust -E UTF8 --locale=C >"$PG_HOME/initdb.log"
pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_HOME/data" -l "$PG_HOME/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_HOME -c fsync=off -c max_connections=200" start >/dev/null
trap 'pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_HOME/data" -m fast -w stop >/dev/null; rm -rf "$PG_HOME"' EXIT

# CREATEDB: the tests give every application context a database of its own.
"$PG_BIN/psql" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 \
    -c "create role consensus login createdb password 'consensus'" \
    -c "create database consensus owner consensus"

export CONSENSUS_DB_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/consensus"
export CONSENSUS_DB_USER=consensus
export CONSENSUS_DB_PASSWORD=consensus
export CONSENSUS_POSTGRES_TESTS=required
echo "postgres: $("$PG_BIN/postgres" --version) on 127.0.0.1:$PG_PORT ($PG_HOME)" >&2
