#!/bin/sh
# Refresh the Unicode data the username rules read (domain/confusables.py), from unicode.org:
#   domain/data/unicode/update.sh 17.0.0
# confusables.txt is UTS #39's file as published; default-ignorable.txt is the header and the
# Default_Ignorable_Code_Point lines of that version's DerivedCoreProperties.txt. A new
# version can change skeletons: then run `python main.py reskeleton` once.
set -eu
version="${1:?usage: $0 UNICODE_VERSION (such as 17.0.0)}"
here="$(dirname "$0")"
base="https://www.unicode.org/Public"
curl -fsSL "$base/security/$version/confusables.txt" -o "$here/confusables.txt"
curl -fsSL "$base/$version/ucd/DerivedCoreProperties.txt" |
    awk 'NR <= 8 || /; Default_Ignorable_Code_Point/' >"$here/default-ignorable.txt"
grep -q "^# Version: $version" "$here/confusables.txt"
grep -q "DerivedCoreProperties-$version" "$here/default-ignorable.txt"
echo "Unicode $version: $(grep -c '^[0-9A-F]' "$here/confusables.txt") confusables," \
    "$(grep -c '^[0-9A-F]' "$here/default-ignorable.txt") default-ignorable ranges"
