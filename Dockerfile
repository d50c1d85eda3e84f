# ZVH's container image (docs/operations.md, "Container package"; decision 0189).
#
# Two stages from one Debian 12 base: `build` has the compilers and builds the wheels of the
# runtime dependencies into a virtual environment; the final stage copies that environment and the
# code, and has no compiler, no pip cache and no package lists. It runs as the unprivileged user
# `zvh` with a read-only root file system: only /tmp (tmpfs) and the data volume /var/lib/zvh
# are written.
#
# BASE_IMAGE: any Debian 12 (bookworm) image, e.g. debian:bookworm-slim, or one built from
# Debian's own packages (scripts/build-image).
ARG BASE_IMAGE=docker.io/library/debian:bookworm-slim

FROM ${BASE_IMAGE} AS build
# Behind a TLS-intercepting proxy: the path of its CA bundle, mounted for the build only.
ARG PIP_CERT
ENV DEBIAN_FRONTEND=noninteractive PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        build-essential python3 python3-dev python3-venv libpq-dev ca-certificates \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /build
COPY pyproject.toml requirements.lock ./
# The runtime dependencies only (pyproject's [project] dependencies), at the locked versions:
# wheels first (compiled here when a package has none for this platform), then installed from
# those wheels alone.
RUN python3 -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > runtime.txt \
    && python3 -m venv /opt/zvh/venv \
    && /opt/zvh/venv/bin/pip wheel --wheel-dir /build/wheels -r runtime.txt -c requirements.lock \
    && /opt/zvh/venv/bin/pip install --no-index --find-links /build/wheels -r runtime.txt -c requirements.lock \
    && /opt/zvh/venv/bin/pip uninstall -y pip
COPY manage.py ./app/
COPY config ./app/config
COPY src ./app/src
COPY deploy ./app/deploy
# Static files, collected once into the image (read-only at run time). The production settings
# refuse to load without their secrets: throw-away values for this one command.
RUN cd app \
    && DJANGO_SETTINGS_MODULE=config.settings.production \
       DJANGO_SECRET_KEY="$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')" \
       ZVH_SEARCH_TERM_KEY="$(python3 -c 'import secrets; print(secrets.token_urlsafe(32))')" \
       DJANGO_ALLOWED_HOSTS=build.invalid ZVH_VAR_DIR=/tmp/var ZVH_STATIC_ROOT=/build/static \
       /opt/zvh/venv/bin/python manage.py collectstatic --noinput --verbosity 0 \
    && /opt/zvh/venv/bin/python -m compileall -q /opt/zvh/venv /build/app/src /build/app/config

FROM ${BASE_IMAGE}
ARG ZVH_RELEASE=""
ENV DEBIAN_FRONTEND=noninteractive
# Python and what WeasyPrint (plan PDFs) needs; no compilers.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        python3 libpq5 libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 zvh \
    && useradd --system --uid 10001 --gid zvh --home-dir /var/lib/zvh --no-create-home \
        --shell /usr/sbin/nologin zvh \
    && install -d -o zvh -g zvh -m 0750 /var/lib/zvh
COPY --from=build /opt/zvh/venv /opt/zvh/venv
COPY --from=build /build/app /opt/zvh/app
COPY --from=build /build/static /opt/zvh/static
ENV PATH=/opt/zvh/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    ZVH_VAR_DIR=/var/lib/zvh \
    ZVH_STATIC_ROOT=/opt/zvh/static \
    ZVH_BIND=0.0.0.0:8000 \
    ZVH_LOG_FORMAT=json \
    ZVH_RELEASE=${ZVH_RELEASE} \
    PROMETHEUS_MULTIPROC_DIR=/tmp/prometheus \
    XDG_CACHE_HOME=/tmp/cache \
    HOME=/tmp
WORKDIR /opt/zvh/app
USER 10001:10001
VOLUME ["/var/lib/zvh"]
EXPOSE 8000
# Liveness: the process answers (no database). Readiness (/readyz) is for the orchestrator.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python3", "deploy/probe.py", "/healthz"]
ENTRYPOINT ["/opt/zvh/app/deploy/entrypoint.sh"]
CMD ["app"]
