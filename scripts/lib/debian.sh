# shellcheck shell=bash
# Debian helpers of the scripts that need a clean Debian (scripts/test-package, scripts/test-compose).
# Source it from a bash script with `set -euo pipefail`; it runs as root.
#
#   apt_install LOG PACKAGE...    install the Debian packages not yet installed (apt-get, quiet;
#                                 the output in LOG, its tail shown on failure)
#   debian_sources SUITE          the apt sources of SUITE (SSS_DEBIAN_MIRROR,
#                                 SSS_DEBIAN_SECURITY_MIRROR; default deb.debian.org)
#   debian_rootfs SUITE           print the path of a minimal Debian SUITE root as a tarball
#                                 (mmdebstrap --variant=minbase, with ca-certificates), made once
#                                 and kept in SSS_DEBIAN_CACHE (default /var/cache/sss-test):
#                                 about 1.5 minutes the first time, then nothing

# apt_install LOG PACKAGE...
apt_install() {
    local log="$1" missing=() p
    shift
    for p in "$@"; do
        dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    ((${#missing[@]})) || return 0
    command -v apt-get >/dev/null || {
        printf 'error: missing %s and no apt-get; install them by hand\n' "${missing[*]}" >&2
        return 1
    }
    printf '==> apt: installing %s\n' "${missing[*]}"
    local apt=(env DEBIAN_FRONTEND=noninteractive apt-get -qq)
    if ! { "${apt[@]}" update && "${apt[@]}" install -y --no-install-recommends "${missing[@]}"; } \
        >"$log" 2>&1; then
        tail -n 40 "$log" >&2
        printf 'error: apt-get failed (full log: %s)\n' "$log" >&2
        return 1
    fi
}

# debian_sources SUITE
debian_sources() {
    local suite="$1" mirror="${SSS_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
    local security="${SSS_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}"
    printf '%s\n' "deb $mirror $suite main" "deb $mirror $suite-updates main" \
        "deb $security $suite-security main"
}

# debian_rootfs SUITE: made under a temporary name and renamed, so that an interrupted or a
# concurrent run never leaves half a tarball under the final name.
debian_rootfs() {
    local suite="$1" cache="${SSS_DEBIAN_CACHE:-/var/cache/sss-test}"
    local tar="$cache/debian-$suite-minbase.tar"
    if [[ ! -s "$tar" ]]; then
        mkdir -p "$cache"
        command -v mmdebstrap >/dev/null || apt_install "$cache/apt.log" mmdebstrap >&2 || return 1
        local tmp="$cache/.debian-$suite-minbase.$$.tar"
        printf '==> mmdebstrap %s minbase -> %s (about 1.5 minutes, once)\n' "$suite" "$tar" >&2
        if ! debian_sources "$suite" | mmdebstrap --quiet --variant=minbase --format=tar \
            --include=ca-certificates "$suite" "$tmp" - >"$tar.log" 2>&1; then
            tail -n 30 "$tar.log" >&2
            rm -rf "$tmp"
            printf 'error: mmdebstrap %s failed (log: %s)\n' "$suite" "$tar.log" >&2
            return 1
        fi
        mv -f "$tmp" "$tar"
    fi
    printf '%s\n' "$tar"
}
