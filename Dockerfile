# syntax=docker/dockerfile:1
#
# AMIF Hub image: one image for every component (web, worker, scheduler, migration Job);
# the Helm chart in helm/amif-hub picks the command.
#
#   docker build -t amif-hub:0.1.0 .

ARG PYTHON_IMAGE=python:3.11-slim

# --- build: compile wheels and translations with the toolchain, none of which ships -----------
FROM ${PYTHON_IMAGE} AS build

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1

# A compiler and libpq headers, for any pinned dependency that has no wheel for this platform.
# Not version-pinned (DL3008): Debian drops superseded versions from its archive, so a pin breaks
# the build at the next security update; the base image tag fixes the Debian release.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential libpq-dev \
    && rm -rf /var/lib/apt/lists/*

# The virtualenv sits at the same path in the runtime stage, so its scripts' shebangs stay valid.
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH

WORKDIR /app

# Dependencies first: this layer is reused until requirements.lock changes.
COPY requirements.lock ./
RUN pip install -r requirements.lock

COPY . .
# --no-deps: everything the package needs is pinned in requirements.lock, nothing else may come in.
# The installed copy mainly provides the `amif` entry point: the runtime sets PYTHONPATH=/app so
# every import resolves to /app/service, and the paths the code derives from its own location
# (service/config.py: ROOT/translations, ROOT/tenants) point into /app, not into site-packages.
# Bytecode is compiled here because the running containers cannot write it (read-only root
# filesystem); checked-hash pyc files stay valid whatever mtimes the COPY below leaves.
RUN pip install --no-deps . \
    && pybabel compile -d translations \
    && rm -rf build ./*.egg-info \
    && python -m compileall -q --invalidation-mode checked-hash /app

# --- runtime -------------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime

# libpq5: the PostgreSQL client library, in case psycopg is installed without its binary extra.
# Add here any other shared library the app loads at run time. Unpinned for the reason above.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpq5 \
    && rm -rf /var/lib/apt/lists/*

# Fixed uid/gid 10001: the Helm chart's securityContext (runAsUser/fsGroup) relies on it.
RUN groupadd --system --gid 10001 amif \
    && useradd --system --uid 10001 --gid amif --home-dir /tmp --no-create-home \
       --shell /usr/sbin/nologin amif

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONPATH=/app \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    AMIF_TENANTS_DIR=/app/tenants \
    AMIF_INSTANCE_DIR=/tmp/instance

# Code and virtualenv stay owned by root: the app user can read them but never change them
# (the chart also mounts the root filesystem read-only). The only writable place is /tmp, hence
# AMIF_INSTANCE_DIR above.
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app

WORKDIR /app
USER 10001:10001
EXPOSE 8000

# Shell form through `sh -c` so WEB_CONCURRENCY can be set per deployment; `exec` makes gunicorn
# PID 1, so it receives SIGTERM directly and shuts down gracefully.
CMD ["sh", "-c", "exec gunicorn --bind 0.0.0.0:8000 --workers ${WEB_CONCURRENCY:-2} --access-logfile - wsgi:app"]
