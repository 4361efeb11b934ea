#!/bin/sh
# Renders the action icons' SVGs to PNG (Qt draws SVG only with the optional Qt SVG module,
# which ProcLab does not require). Run after editing an SVG: resources/icons/render_pngs.sh
set -e
cd "$(dirname "$0")/actions"
for svg in *.svg; do
    convert -background none -density 288 "$svg" -resize 48x48 "${svg%.svg}.png"
done
