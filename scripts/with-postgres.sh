#!/usr/bin/env bash
# Runs a command with DATABASE_URL pointing at PostgreSQL.
# With DATABASE_URL already set, that database server is used. Otherwise a throw-away cluster is
# created in a temporary folder, started on its own port, and removed again when the command ends.
set -euo pipefail
if [ -n "${DATABASE_URL:-}" ]; then
  exec "$@"
fi
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bindir" ]; then
  echo "PostgreSQL server binaries not found; install Debian's 'postgresql' or set DATABASE_URL." >&2
  exit 1
fi
port="${PGTEST_PORT:-54329}"
dir=$(mktemp -d /tmp/strategiewerkstatt-pg.XXXXXX)
as_pg=()
if [ "$(id -u)" = 0 ]; then
  chown postgres: "$dir"
  as_pg=(runuser -u postgres --)
fi
cleanup() {
  "${as_pg[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
"${as_pg[@]}" "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
# fsync off: a test cluster that is thrown away needs no durability.
"${as_pg[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log" -w start \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null
# The database the URL names; the test runner creates its own test_… database beside it.
"${as_pg[@]}" "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres strategiewerkstatt
export DATABASE_URL="postgres://postgres@127.0.0.1:$port/strategiewerkstatt"
"$@"
