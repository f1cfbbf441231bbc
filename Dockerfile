# Onward: local inbox agent for job seekers.
#   docker build -t onward .                          (base: python:3.11-slim from a registry)
#   scripts/build-image.sh                             (no registry: a Debian base made locally, see docs/docker.md)
#   put your onward.toml into the volume (see config/onward.example.toml; it must not be writable by
#   group or others, e.g. chmod 600, and be owned by root or the image's user 10001), then:
#   docker run --rm -v onward-data:/data -e ONWARD_PASSWORD=... onward check
#   docker run -d --name onward -v onward-data:/data -e ONWARD_PASSWORD=... onward
#   OAuth2 accounts: docker run --rm -it -v onward-data:/data onward login --account work
#   (Microsoft's device flow; tokens are kept in /data/onward/tokens/, mode 0600: there is no keyring here)
# Config, database and logs all live in the /data volume.
ARG BASE_IMAGE=python:3.11-slim
FROM ${BASE_IMAGE}

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# install the project (only what the package needs; see .dockerignore): pyproject.toml maps the
# packages under agent/ and the shipped files models/, config/, data/corpus/ (agent.shipped_*)
WORKDIR /build
COPY pyproject.toml README.md ./
COPY agent/ agent/
COPY models/ models/
COPY config/ config/
COPY data/corpus/ data/corpus/
RUN pip install ".[postgresql]" \
    && cd / && rm -rf /build

# unprivileged runtime user; /data owned by it before it becomes a volume
RUN useradd --system --uid 10001 --user-group --create-home --home-dir /home/onward \
        --shell /usr/sbin/nologin onward \
    && mkdir -p /data \
    && chown onward:onward /data

ENV ONWARD_CONFIG=/data/onward.toml \
    XDG_CONFIG_HOME=/data \
    XDG_DATA_HOME=/data \
    XDG_STATE_HOME=/data \
    XDG_CACHE_HOME=/data/cache \
    HOME=/home/onward

VOLUME /data
USER onward
WORKDIR /data

# healthy while every account has had a good pass within 30 minutes (the daemon passes every 5)
HEALTHCHECK --interval=60s --timeout=30s --start-period=15m --retries=3 \
    CMD ["onward", "status", "--stale-after", "30"]

ENTRYPOINT ["onward"]
CMD ["run"]
