#!/bin/sh
# Renders the SVG icons to PNG (Qt draws SVG only with the optional Qt SVG module, which ProcLab
# does not require; icon themes want PNGs at fixed sizes). Needs imagemagick and librsvg2-bin.
# Run after editing an SVG:
#     resources/icons/render_pngs.sh
# - actions/*.svg: 48x48 PNGs beside them (compiled into the program through proclab.qrc);
# - proclab.svg: proclab.png (256x256, the window icon) and the application icon of the hicolor
#   theme at the usual sizes, hicolor/NxN/apps/io.github.proclab.ProcLab.png (installed).
set -e
cd "$(dirname "$0")"
for svg in actions/*.svg; do
    convert -background none -density 288 "$svg" -resize 48x48 "${svg%.svg}.png"
done
convert -background none -density 288 proclab.svg -resize 256x256 proclab.png
for size in 16 22 24 32 48 64 128 256 512; do
    mkdir -p "hicolor/${size}x${size}/apps"
    rsvg-convert -w "$size" -h "$size" proclab.svg -o "hicolor/${size}x${size}/apps/io.github.proclab.ProcLab.png"
done
