# Shared by scripts/start and scripts/test: installs what is missing, and only that.
# shellcheck shell=bash

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# Each step says how long the one before it took, and the run ends with the whole time: where
# the time goes is in every log.
SCRIPT_STARTED=$(date +%s)
STEP_STARTED=$SCRIPT_STARTED
STEP_NAME=""

step_done() {
  local now
  now=$(date +%s)
  if [ -n "$STEP_NAME" ]; then
    printf '\033[2m    (%s: %d s)\033[0m\n' "$STEP_NAME" $((now - STEP_STARTED))
  fi
  STEP_STARTED=$now
}

step() {
  step_done
  STEP_NAME="$*"
  printf '\n\033[1;32m==>\033[0m %s\n' "$*"
}

finished() {
  local status=$?
  step_done
  printf '\n%s after %d s\n' "$([ "$status" -eq 0 ] && echo Done || echo Failed)" \
    $(($(date +%s) - SCRIPT_STARTED))
}
trap finished EXIT

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_install() {
  step "Installing $* from Debian's packages"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# The release is built by the workspace's own build command (`cargo xtask build`), so no
# cargo-leptos or wasm-bindgen-cli has to be installed: only the wasm32 target.
ensure_rust_tools() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    step "Adding the wasm32 target"
    rustup target add wasm32-unknown-unknown
  fi
}

CARGO_FUZZ_VERSION=0.13.2

# cargo-fuzz and the nightly toolchain it needs, for the fuzz targets.
ensure_fuzz_tools() {
  if ! rustup toolchain list | grep -q '^nightly'; then
    step "Installing the nightly toolchain (for cargo-fuzz)"
    rustup toolchain install nightly --profile minimal
  fi
  if [ "$(cargo fuzz --version 2>/dev/null | awk '{print $2}')" != "$CARGO_FUZZ_VERSION" ]; then
    step "Installing cargo-fuzz $CARGO_FUZZ_VERSION (once; under a minute)"
    cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked
  fi
}

AIOSMTPD_VERSION=1.4.6
# Python's reference implementation of the customer models, for the benchmark's comparison.
LIFETIMES_VERSION=0.11.3

# A real SMTP server for the tests of mail: Python's aiosmtpd.
ensure_smtp_server() {
  if ! python3 -c 'import aiosmtpd' 2>/dev/null; then
    command -v python3 >/dev/null || apt_install python3 python3-pip
    step "Installing aiosmtpd $AIOSMTPD_VERSION (the SMTP server the tests send mail to)"
    python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore \
      "aiosmtpd==$AIOSMTPD_VERSION"
  fi
}

# npm ci again only when the lock file changed since the last install.
npm_ci() {
  local dir=$1
  if [ ! -f "$dir/node_modules/.package-lock.json" ] \
    || ! cmp -s "$dir/package-lock.json" "$dir/node_modules/.banyan-lock"; then
    step "Installing npm packages in ${dir#"$ROOT"/}"
    (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
    cp "$dir/package-lock.json" "$dir/node_modules/.banyan-lock"
  fi
}

ensure_build_tools() {
  command -v npm >/dev/null || apt_install nodejs npm
  ensure_rust_tools
  npm_ci "$ROOT"
  # The release build runs the wasm-opt it finds first: npm's binaryen, not Debian's older one,
  # whose output fails to start in the browser.
  export PATH="$ROOT/node_modules/.bin:$PATH"
  # The chart pages load ECharts from the site itself, copied from its npm package.
  cp "$ROOT/node_modules/echarts/dist/echarts.min.js" "$ROOT/public/echarts.min.js"
}

build_release() {
  step "Building the release (server and WebAssembly)"
  cargo xtask build
}

# The binary cargo just built, wherever the target directory is.
banyan_bin() {
  echo "${CARGO_TARGET_DIR:-$ROOT/target}/release/banyan"
}

# Starts the local PostgreSQL cluster (installing it if missing) and prepares a role that may
# create one database per test. Exports BANYAN_TEST_POSTGRES_URL.
start_postgres() {
  command -v pg_ctlcluster >/dev/null || apt_install postgresql
  local version name port status
  if [ -z "$(pg_lsclusters -h)" ]; then
    step "Creating a PostgreSQL cluster"
    version=$(ls /usr/lib/postgresql | sort -n | tail -1)
    as_root pg_createcluster "$version" main >/dev/null
  fi
  read -r version name port status _ < <(pg_lsclusters -h | head -1)
  if [ "$status" != "online" ]; then
    step "Starting PostgreSQL $version"
    as_root pg_ctlcluster "$version" "$name" start
  fi
  (cd / && as_root su postgres -c "psql -q -p $port -v ON_ERROR_STOP=1" >/dev/null) <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'banyan_test') THEN
    CREATE ROLE banyan_test LOGIN CREATEDB PASSWORD 'banyan_test';
  END IF;
END $$;
SELECT format('DROP DATABASE %I', datname) FROM pg_database
  WHERE datname LIKE 'banyan\_test\_%' \gexec
SQL
  export BANYAN_TEST_POSTGRES_URL="postgres://banyan_test:banyan_test@127.0.0.1:$port/postgres"
}
