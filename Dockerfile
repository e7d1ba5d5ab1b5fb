# sss-daemon: one image for the api, poller and catalog services (docker-compose.yml picks the role
# with `command:`). The bundled product data is compiled into the binary; the web page is served
# by the nginx image (nginx/Dockerfile).
#
#   docker build -t sss-daemon .
#   docker run --rm -p 8088:3000 sss-daemon serve     # the embedded default: the API on :8088

ARG RUST_VERSION=1.95.0

# Dependencies first: cargo-chef turns the manifests into a recipe, so the dependency layer is
# rebuilt only when Cargo.toml or Cargo.lock change, not on every source edit.
FROM rust:${RUST_VERSION}-slim-bookworm AS chef
ARG RUST_VERSION
# The image's toolchain, without the extra components rust-toolchain.toml lists for development.
ENV RUSTUP_TOOLCHAIN=${RUST_VERSION}
RUN cargo install --locked cargo-chef --version 0.1.78
WORKDIR /src

FROM chef AS planner
COPY . .
RUN cargo chef prepare --recipe-path recipe.json

FROM chef AS builder
COPY --from=planner /src/recipe.json recipe.json
RUN cargo chef cook --release --locked -p sss-daemon --recipe-path recipe.json
COPY . .
# Without the line tables of the release profile (about 100 MB to 26 MB); symbols stay.
RUN cargo build --release --locked -p sss-daemon \
    && strip --strip-debug target/release/sss-daemon -o /usr/local/bin/sss-daemon

# The runtime: the binary and curl (the health checks), as an unprivileged user.
FROM debian:bookworm-slim AS runtime
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 sss \
    && useradd --system --uid 10001 --gid sss --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin sss \
    && mkdir -p /var/lib/sss && chown 10001:10001 /var/lib/sss
COPY --from=builder /usr/local/bin/sss-daemon /usr/local/bin/sss-daemon
USER 10001:10001
# SSS_DATA_DIR: the embedded store of `serve` (the other roles use MongoDB).
ENV SSS_LISTEN=0.0.0.0:3000 \
    SSS_LOG_FORMAT=json \
    SSS_DATA_DIR=/var/lib/sss
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
    CMD ["curl", "-fsS", "-o", "/dev/null", "http://127.0.0.1:3000/healthz"]
ENTRYPOINT ["sss-daemon"]
CMD ["serve"]
