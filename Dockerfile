# The LibreChat code interpreter as an image: `docker-compose up --build` (docker-compose.yml beside this file).
#
# Stage 1 builds a self-contained service with the .NET SDK. Stage 2 is Debian 12 slim with the thirteen toolchains
# and bubblewrap installed by scripts/install-deps.sh, the same script ./run.sh, ./test.sh and CI run, so CI
# exercises the install logic this image relies on. The service runs as root inside the container, as documented:
# it mounts a tmpfs per run, writes cgroups and switches every sandbox to an unprivileged uid of its own
# (60000 + slot); the payload never keeps a capability. docker-compose.yml lists the container settings it needs.

ARG DOTNET_SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_BASE_IMAGE=debian:12-slim

FROM ${DOTNET_SDK_IMAGE} AS build
# Set by BuildKit (amd64, arm64); the classic builder leaves it empty and the SDK's own architecture is used.
ARG TARGETARCH
WORKDIR /src
# Restore first, on the build files alone, so a code change does not invalidate the package layer.
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/CodeInterpreter/CodeInterpreter.csproj src/CodeInterpreter/
RUN dotnet restore src/CodeInterpreter/CodeInterpreter.csproj -a "${TARGETARCH:-$(dpkg --print-architecture)}" -p:SelfContained=true
COPY src/ src/
# Self-contained: the runtime stage needs no .NET installation (and no package source outside Debian's).
RUN dotnet publish src/CodeInterpreter/CodeInterpreter.csproj -c Release -a "${TARGETARCH:-$(dpkg --print-architecture)}" --self-contained \
      --no-restore -o /app

FROM ${RUNTIME_BASE_IMAGE} AS runtime
# openjdk's postinst links its man pages; debian-slim excludes /usr/share/man, so the directory must exist.
RUN mkdir -p /usr/share/man/man1
WORKDIR /app
# The one install script (apt packages, the sandbox's pid 1 built from native/ into /usr/local/libexec, and the
# pinned esbuild into /app/tools/esbuild, where the service looks).
COPY scripts/install-deps.sh scripts/
COPY native/sandbox-init.c native/
COPY tools/esbuild/package.json tools/esbuild/package-lock.json tools/esbuild/
RUN scripts/install-deps.sh --no-dotnet \
    && rm -rf /var/lib/apt/lists/* /root/.npm
COPY --from=build /app ./

ENV PORT=8700 \
    CODE_BIND_ADDRESS=0.0.0.0 \
    CODE_DATA_DIR=/var/lib/code-interpreter \
    DOTNET_gcServer=0
VOLUME ["/var/lib/code-interpreter"]
EXPOSE 8700
# Root on purpose (see the top of this file); stated so that no base image default decides it.
USER root
# bash's /dev/tcp: the image needs no curl. /health is 200 when the sandbox can run code, 503 otherwise.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${PORT:-8700} && printf 'GET /health HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n1 <&3 | grep -q ' 200 '"]
# SIGTERM drains: new executions get 503, running ones finish (CODE_SHUTDOWN_TIMEOUT_SECONDS), then are killed.
STOPSIGNAL SIGTERM
# Run it with an init as PID 1 (compose: init: true; docker run --init): a sandbox's pid 1 that outlives its
# outer bwrap by a moment is reparented to PID 1 and must be reaped.
ENTRYPOINT ["/app/CodeInterpreter"]
