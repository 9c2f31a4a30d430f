# syntax=docker/dockerfile:1
# Ties in a container: a release binary with the Swift runtime and Foundation linked in statically, on an
# empty base holding only the libraries that binary still loads. See docs/deploying.md.
#
#   docker build -t ties .
#   docker run --rm -p 8080:8080 ties                      # http://localhost:8080/
#   docker run --rm -p 9000:9000 -e PORT=9000 ties         # PORT moves the listener and the HEALTHCHECK
#
# scripts/checks/static-binary.sh builds the same binary with the same command, stages the same root with
# the same script and runs it chrooted as user 65532 with an empty environment: the proof of this recipe on
# machines without a Docker engine. Keep the build command below and the check's in step.

# The toolchain the project builds with (Package.swift: tools 6.0, Swift 6 mode), on Debian 12.
ARG SWIFT_IMAGE=swift:6.3.1-bookworm

FROM ${SWIFT_IMAGE} AS build
# zlib for gzip responses (the CZlib system library); everything else comes with the toolchain image.
# Not pinned: Debian 12's security updates replace the exact version in the archive, and the pin would break
# the build on the next one; the base image tag pins the distribution.
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends zlib1g-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# The whole package (test folders too: SwiftPM checks every target's folder exists); .dockerignore keeps build
# folders and VCS data out.
COPY . .
# --static-swift-stdlib: the Swift runtime, FoundationEssentials and Dispatch go inside the binary (the
# server never imports Foundation proper, so ICU's 30 MB of data stay out); only glibc, libgcc_s, libm and
# libz stay shared. The default dataset is compiled in by the EmbedDataset build plugin.
# -Xlinker -s: no symbol table (about 2 MB; crash reports still name Swift frames through the runtime's own
# metadata). Package.swift links it with lld, packed relative relocations (DT_RELR: glibc 2.36+, which
# bookworm has) and the C++ runtime linked in (libstdc++.a, from the image's libstdc++-12-dev). The cache mount keeps .build between builds; the binary is copied out in the same step.
RUN --mount=type=cache,target=/src/.build \
    swift build -c release --static-swift-stdlib --product ties -Xlinker -s \
 && scripts/ops/stage-rootfs.sh "$(swift build -c release --static-swift-stdlib --product ties -Xlinker -s --show-bin-path)" /rootfs

FROM scratch
LABEL org.opencontainers.image.title="ties" \
      org.opencontainers.image.description="Citation-backed HTTP JSON API about the Japan–Malaysia relationship" \
      org.opencontainers.image.licenses="see dataset.json"
# /app/ties (with the default dataset inside), /app/config.json, /app/Public, the shared
# libraries at the paths ldd gave, /etc/passwd with nonroot (65532), an empty /tmp.
COPY --from=build /rootfs/ /
WORKDIR /app
# Numeric, so Kubernetes' runAsNonRoot can verify it without reading /etc/passwd.
USER 65532:65532
# config.json says 8080; PORT overrides it (and what --probe asks).
ENV PORT=8080
EXPOSE 8080
# No curl in an empty image: the binary asks its own /healthz over a socket and exits 0 or 1.
HEALTHCHECK --interval=10s --timeout=5s --start-period=10s --retries=3 CMD ["/app/ties", "--probe"]
# SIGTERM (the default stop signal) drains: /readyz 503, then in-flight requests finish (docs/deploying.md).
STOPSIGNAL SIGTERM
ENTRYPOINT ["/app/ties"]
