#!/usr/bin/env bash
# Build the portal's front end: GOV.UK Frontend in the council's own branding.
#
#   ./scripts/build-frontend.sh        (or: make frontend)
#
# Needs Node 20+ and npm. Writes, under static/ (committed, so that running the
# portal needs no Node):
#   css/portal.css                 compiled from frontend/src/portal.scss (compressed)
#   js/govuk-frontend.min.js(.map) GOV.UK Frontend's components, an ES module
#   assets/                        GOV.UK Frontend's images, except its GOV.UK
#                                  branding (crown, crest, GOV.UK icons) and its
#                                  GDS Transport font files, which are for GOV.UK only
#   vendor/leaflet/                Leaflet (maps): leaflet.js(.map), leaflet.css, images/ and
#                                  its licence, served from our own host (no CDN)
# Our own files in static/ (images/, js/init.js, js/js-enabled.js) are not touched.
# The build is deterministic: the same lock file gives byte-identical output.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
frontend="$root/frontend"
static="$root/static"
govuk="$frontend/node_modules/govuk-frontend/dist/govuk"

cd "$frontend"
npm ci --no-audit --no-fund --ignore-scripts --loglevel=error

mkdir -p "$static/css" "$static/js" "$static/assets"

npx --no-install sass \
  --pkg-importer=node \
  --no-source-map \
  --style=compressed \
  --fatal-deprecation=import \
  src/portal.scss "$static/css/portal.css"

cp "$govuk/govuk-frontend.min.js" "$govuk/govuk-frontend.min.js.map" "$static/js/"

# Images only, and none of GOV.UK's own branding. GOV.UK Frontend's
# manifest.json is left out too: it lists the GOV.UK icons.
rm -rf "$static/assets/images"
mkdir -p "$static/assets/images"
skipped=()
for image in "$govuk"/assets/images/*; do
  name="$(basename "$image")"
  case "$name" in
    govuk-* | favicon.*) skipped+=("$name") ;; # the crown, crest and GOV.UK icons
    *) cp "$image" "$static/assets/images/" ;;
  esac
done
cat >"$static/assets/README.md" <<'NOTE'
GOV.UK Frontend's assets, copied by scripts/build-frontend.sh (do not edit).

Its GOV.UK branding is left out on purpose: the crown favicons and icons, the
royal crest and the GDS Transport font files are for GOV.UK only. The council's
own images are in static/images/.
NOTE

# Leaflet, for the maps that enhance location questions (street reports). Only the
# built files: the script, its stylesheet and the marker and control images it uses.
leaflet="$frontend/node_modules/leaflet"
rm -rf "$static/vendor/leaflet"
mkdir -p "$static/vendor/leaflet/images"
# leaflet.js ends with a sourceMappingURL: production's collectstatic (hashed names)
# refuses a script whose map is missing, so the map comes too.
cp "$leaflet/dist/leaflet.js" "$leaflet/dist/leaflet.js.map" "$leaflet/dist/leaflet.css" \
  "$leaflet/LICENSE" "$static/vendor/leaflet/"
cp "$leaflet"/dist/images/*.png "$static/vendor/leaflet/images/"
leaflet_version="$(node -p 'require("leaflet/package.json").version')"
printf '%s\n' "Leaflet $leaflet_version, copied from the npm package by scripts/build-frontend.sh (do not edit)." \
  >"$static/vendor/leaflet/README.md"

version="$(node -p 'require("govuk-frontend/package.json").version')"
echo "Built static/css/portal.css and static/js/govuk-frontend.min.js from govuk-frontend $version"
echo "Copied Leaflet $leaflet_version to static/vendor/leaflet/"
if ((${#skipped[@]})); then
  echo "Left out GOV.UK branding: ${skipped[*]}"
fi
