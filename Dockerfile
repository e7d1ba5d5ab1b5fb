# sss-daemon: one image for the whole product and for the services of the stack.
#
# - Alone, the embedded default (`serve`): the web page and the API on port 8088, as the
#   unprivileged user 10001, its store on the volume /var/lib/sss:
#       docker build -t sss-daemon .
#       docker run -d -p 8088:8088 -v sss-data:/var/lib/sss sss-daemon
# - In docker-compose.yml and deploy/k8s, the api, poller and catalog services (the role is the
#   command; they set SSS_LISTEN=0.0.0.0:3000). There the page is served by the nginx image.
#
# The bundled product data and the web page are compiled into the binary. `--build-arg
# SSS_BUILD_COMMIT=$(git rev-parse --short=12 HEAD)` names the commit in `--version` (the build
# context has no .git).

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
ARG SSS_BUILD_COMMIT=unknown
# Without the line tables of the release profile (about 100 MB to 26 MB); symbols stay.
RUN SSS_BUILD_COMMIT=${SSS_BUILD_COMMIT} cargo build --release --locked -p sss-daemon \
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
# SSS_DATA_DIR: the embedded store of `serve` (the other roles use MongoDB), on a volume.
ENV SSS_LISTEN=0.0.0.0:8088 \
    SSS_LOG_FORMAT=json \
    SSS_DATA_DIR=/var/lib/sss
VOLUME /var/lib/sss
# 8088: `serve`; 3000: the roles of the stack (SSS_LISTEN=0.0.0.0:3000).
EXPOSE 8088
EXPOSE 3000
# On the port SSS_LISTEN names.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
    CMD curl -fsS -o /dev/null "http://127.0.0.1:${SSS_LISTEN##*:}/healthz" || exit 1
ENTRYPOINT ["sss-daemon"]
CMD ["serve"]
