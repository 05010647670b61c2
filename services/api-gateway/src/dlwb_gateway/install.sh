#!/bin/sh
# Installs, enrols and starts a DL Workbench agent on this machine (Linux; macOS works the same way).
# Served by the workbench @SERVER@ (version @VERSION@); run it as the user the agent should run as:
#
#   curl -fsSL @SERVER@/agent/install.sh | sh -s -- --join-token <token> --id <name>
#
# Options: --join-token T  one-time token (Targets page, or `dlwb targets join`); not needed to reinstall or
#                          upgrade an agent already enrolled on this machine
#          --id NAME       the agent's name (letters, digits, - and _)
#          --systemd       install and start it as a systemd user service (else it runs in the foreground)
#          --no-start      install and enrol only
#          --no-enrol      install only (an agent given its NATS user by hand: DLWB_AGENT_NATS_PASSWORD)
#          --calibration   also install NNCF, so INT8 calibration can run on this target
#          --server URL    the workbench address (default: the one this script came from)
#          --prefix DIR    where the virtual environment goes (default ~/.local/share/dlwb-agent)
# Environment: PYTHON (default python3, 3.11 or newer with venv), and pip's own configuration (index, proxy):
# the agent's wheels come from the workbench, openvino, numpy, nats-py, httpx, pydantic from your package index.
# Exit codes: 2 bad usage or missing prerequisite, 3 workbench unreachable, 4 pip failed, 5 enrolment refused.
set -eu

SERVER="@SERVER@"
VERSION="@VERSION@"
# name and sha256 of each wheel this workbench serves
WHEELS="@WHEELS@"

TOKEN=""
AGENT_ID=""
SYSTEMD=0
START=1
ENROL=1
EXTRA=""
PREFIX="${DLWB_AGENT_HOME:-$HOME/.local/share/dlwb-agent}"
PYTHON="${PYTHON:-python3}"

say() { printf 'dlwb-agent install: %s\n' "$*" >&2; }
fail() { code=$1; shift; say "error: $*"; exit "$code"; }
need() { [ $# -ge 2 ] && [ -n "$2" ] || fail 2 "$1 needs a value"; }

while [ $# -gt 0 ]; do
  case "$1" in
    --join-token) need "$@"; TOKEN=$2; shift 2 ;;
    --id) need "$@"; AGENT_ID=$2; shift 2 ;;
    --server) need "$@"; SERVER=${2%/}; shift 2 ;;
    --prefix) need "$@"; PREFIX=$2; shift 2 ;;
    --systemd) SYSTEMD=1; shift ;;
    --no-start) START=0; shift ;;
    --no-enrol) ENROL=0; START=0; shift ;;
    --calibration) EXTRA="[calibration]"; shift ;;
    -h|--help) say "usage: curl -fsSL $SERVER/agent/install.sh | sh -s -- --join-token <token> --id <name> [--systemd] [--no-start] [--no-enrol] [--calibration] [--server URL] [--prefix DIR]"; exit 0 ;;
    *) fail 2 "unknown option $1 (see --help)" ;;
  esac
done

[ -n "$AGENT_ID" ] || fail 2 "--id <name> is required: the name this target gets in the workbench"
case "$AGENT_ID" in
  *[!A-Za-z0-9_-]*) fail 2 "--id may hold only letters, digits, - and _ (got '$AGENT_ID')" ;;
esac
[ ${#AGENT_ID} -le 64 ] || fail 2 "--id is longer than 64 characters"
command -v curl >/dev/null 2>&1 || fail 2 "curl is needed"
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
  || fail 2 "Python 3.11 or newer is needed as '$PYTHON' (install it, or set PYTHON=/path/to/python3.11)"
"$PYTHON" -c 'import venv, ensurepip' 2>/dev/null \
  || fail 2 "Python's venv module is missing (Debian/Ubuntu: sudo apt install python3-venv)"
CONFIG="${DLWB_AGENT_CONFIG_DIR:-$HOME/.config/dlwb-agent}"
if [ "$ENROL" = 1 ] && [ -z "$TOKEN" ] && [ ! -f "$CONFIG/$AGENT_ID.json" ]; then
  fail 2 "agent $AGENT_ID is not enrolled on this machine: add --join-token (Targets page, or 'dlwb targets join')"
fi

# 1. The workbench answers (nothing is installed or registered before this).
curl -fsS -o /dev/null "$SERVER/agent/manifest.json" 2>/dev/null \
  || fail 3 "cannot reach the workbench at $SERVER; check the address and that this machine can reach it (nothing was installed or registered)"

# 2. The wheels, checked by sha256, into a fresh virtual environment.
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT INT TERM
FILES=""
for entry in $WHEELS; do
  name=${entry%%=*}
  sum=${entry#*=}
  curl -fsS -o "$WORK/$name" "$SERVER/agent/wheels/$name" || fail 3 "downloading $name from $SERVER failed"
  if command -v sha256sum >/dev/null 2>&1; then got=$(sha256sum "$WORK/$name" | cut -d' ' -f1)
  else got=$(shasum -a 256 "$WORK/$name" | cut -d' ' -f1); fi
  [ "$got" = "$sum" ] || fail 3 "$name arrived damaged (sha256 $got, expected $sum)"
  case "$name" in dlwb_agent-*) FILES="$FILES $WORK/$name$EXTRA" ;; *) FILES="$FILES $WORK/$name" ;; esac
done
VENV="$PREFIX/venv"
say "installing agent $VERSION into $VENV"
mkdir -p "$PREFIX"
"$PYTHON" -m venv "$VENV" || fail 2 "could not create the virtual environment $VENV"
# shellcheck disable=SC2086  # FILES is a list of paths without spaces (mktemp)
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check $FILES \
  || fail 4 "pip could not install the agent; openvino, numpy and the other dependencies come from your package index (check pip's index and proxy settings)"
# shellcheck disable=SC2086  # the same build again even when this version is already installed
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --force-reinstall $FILES \
  || fail 4 "pip could not install the agent's wheels"

# 3. Enrol (or check the credentials saved by an earlier enrolment).
if [ "$ENROL" = 0 ]; then
  :
elif [ -n "$TOKEN" ]; then
  "$VENV/bin/dlwb-agent" --id "$AGENT_ID" --server "$SERVER" --join-token "$TOKEN" --enrol-only || exit 5
else
  "$VENV/bin/dlwb-agent" --id "$AGENT_ID" --enrol-only || exit 5
fi

# 4. Start.
if [ "$SYSTEMD" = 1 ]; then
  command -v systemctl >/dev/null 2>&1 || fail 2 "systemctl not found: start the agent with $VENV/bin/dlwb-agent --id $AGENT_ID"
  UNIT_DIR="${XDG_CONFIG_HOME:-$HOME/.config}/systemd/user"
  UNIT="dlwb-agent-$AGENT_ID.service"
  mkdir -p "$UNIT_DIR"
  cat > "$UNIT_DIR/$UNIT" <<UNIT
[Unit]
Description=DL Workbench agent $AGENT_ID ($SERVER)
After=network-online.target

[Service]
ExecStart=$VENV/bin/dlwb-agent --id $AGENT_ID
Restart=on-failure
RestartSec=5
# 3: the workbench refused this agent's version; the log says the command that upgrades it
RestartPreventExitStatus=3

[Install]
WantedBy=default.target
UNIT
  systemctl --user daemon-reload
  systemctl --user enable "$UNIT" >/dev/null
  systemctl --user restart "$UNIT"
  say "agent $AGENT_ID runs as the systemd user service $UNIT (logs: journalctl --user -u $UNIT)"
  say "to keep it running after you log out: loginctl enable-linger $(id -un)"
elif [ "$START" = 1 ]; then
  say "starting agent $AGENT_ID (Ctrl-C stops it; --systemd installs it as a service)"
  exec "$VENV/bin/dlwb-agent" --id "$AGENT_ID"
else
  say "installed; start it with: $VENV/bin/dlwb-agent --id $AGENT_ID"
fi
