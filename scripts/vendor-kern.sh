#!/usr/bin/env bash
# Fetches the KERN design system (@kern-ux/native) with `npm pack` and copies the files we use
# into static/vendor/kern/. Run by `make vendor`; commit the result. Nothing is loaded from a CDN.
set -euo pipefail
version="${KERN_VERSION:-2.7.2}"
dest="static/vendor/kern"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "@kern-ux/native@${version}" >/dev/null && tar xzf ./*.tgz)
rm -rf "$dest"
mkdir -p "$dest/fonts/fira-sans"
cp "$tmp/package/dist/kern.min.css" "$tmp/package/LICENSE.md" "$dest/"
cp "$tmp/package/dist/fonts/fira-sans.css" "$dest/fonts/"
for weight in Light LightItalic Regular Italic Medium MediumItalic SemiBold SemiBoldItalic Bold BoldItalic; do
  cp "$tmp/package/dist/fonts/fira-sans/FiraSans-${weight}.woff2" "$dest/fonts/fira-sans/"
done
echo "@kern-ux/native ${version}" > "$dest/VERSION"
echo "KERN ${version} vendored into ${dest}"
