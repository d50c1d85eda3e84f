#!/bin/sh
# The container's entry point (decision 0189). Roles:
#   app      (default) check the configuration, migrate, then serve with gunicorn
#   worker   check the configuration, then run the task worker (manage.py run_worker)
#   migrate  check the configuration and migrate, then stop (a one-off job before an upgrade)
#   manage   manage.py with the remaining arguments (e.g. `manage audit_verify`)
# Any other command is run as given.
#
# The checks are the production settings' own: loading config.settings.production refuses an
# unsafe configuration (debug on, a weak or missing secret key, no allowed hosts, ...), and
# `check --deploy` adds Django's deployment checks. Either failing stops the container before it
# serves anything.
set -eu

cd "$(dirname "$0")/.."
PYTHON="${ZVH_PYTHON:-python3}"

log() {
    # One JSON line, like the application's own log lines; the messages are fixed texts.
    printf '{"level": "%s", "logger": "zvh.entrypoint", "message": "%s"}\n' "$1" "$2" >&2
}

check_configuration() {
    if [ "${DJANGO_SETTINGS_MODULE:-}" != "config.settings.production" ]; then
        log ERROR "refusing to start: DJANGO_SETTINGS_MODULE must be config.settings.production"
        exit 78
    fi
    if ! "$PYTHON" manage.py check --deploy --fail-level "${ZVH_CHECK_FAIL_LEVEL:-ERROR}"; then
        log ERROR "refusing to start: the configuration failed check --deploy (see above)"
        exit 78
    fi
}

migrate() {
    log INFO "migrating the database"
    # The table owner migrates when its URL is given; the app role serves (docs/operations.md).
    if [ -n "${ZVH_MIGRATE_DATABASE_URL:-}" ]; then
        DATABASE_URL="$ZVH_MIGRATE_DATABASE_URL" "$PYTHON" manage.py migrate --noinput
    else
        "$PYTHON" manage.py migrate --noinput
    fi
}

prepare_runtime_dirs() {
    # Prometheus's files of the gunicorn workers: empty at every start (stale files of dead
    # workers would be counted again).
    if [ -n "${PROMETHEUS_MULTIPROC_DIR:-}" ]; then
        rm -rf "$PROMETHEUS_MULTIPROC_DIR"
        mkdir -p "$PROMETHEUS_MULTIPROC_DIR"
    fi
    mkdir -p "${XDG_CACHE_HOME:-/tmp/cache}"
}

role="${1:-app}"
case "$role" in
    app)
        check_configuration
        if [ "${ZVH_MIGRATE_ON_START:-on}" = "on" ]; then
            migrate
        fi
        prepare_runtime_dirs
        log INFO "starting the application server"
        exec gunicorn -c config/gunicorn.conf.py
        ;;
    worker)
        check_configuration
        # The worker writes no metrics files of gunicorn's: it runs in its own process tree.
        unset PROMETHEUS_MULTIPROC_DIR
        log INFO "starting the task worker"
        exec "$PYTHON" manage.py run_worker
        ;;
    migrate)
        check_configuration
        migrate
        ;;
    manage)
        shift
        exec "$PYTHON" manage.py "$@"
        ;;
    *)
        exec "$@"
        ;;
esac
