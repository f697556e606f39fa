# Sourced by scripts that need `apt-get source`: adds a deb-src entry for
# bookworm once (Debian 12 images ship without one). Needs $SUDO set.
ensure_deb_src() {
	local pkg=${1:-gdb}
	if ! apt-cache showsrc "$pkg" 2>/dev/null | grep -q '^Package:'; then
		echo "deb-src: adding a deb-src entry for bookworm" >&2
		printf '%s\n' "Types: deb-src" "URIs: http://deb.debian.org/debian" \
			"Suites: bookworm" "Components: main" \
			"Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg" |
			$SUDO tee /etc/apt/sources.list.d/loongvm-deb-src.sources >/dev/null
		$SUDO apt-get update -qq >&2
	fi
}
