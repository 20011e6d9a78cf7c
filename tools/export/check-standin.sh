#!/usr/bin/env bash
# The export tool's stand-in check: its Python tests, then an exported stand-in set loaded, compared with PyTorch and
# used for a whole portrait job by the C# engine. Needs Debian's python3-torch and python3-onnx
# (apt-get install -y --no-install-recommends python3-torch python3-onnx: ~150 MB download, ~640 MB, ~4 min here),
# the .NET SDK, npm ci (Azurite) and ../shared. Run from anywhere: tools/export/check-standin.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
python=/usr/bin/python3   # Debian's interpreter, where the apt packages live
work="$(mktemp -d)"
pose_photo="$root/../shared/images/pose/pexels-the-lazy-artist-gallery-2247179.jpg"
group_photo="$root/../shared/images/group/pexels-fauxels-3184419.jpg"   # 5 faces
trap 'rm -rf "$work"' EXIT

cd "$root/tools/export"
"$python" -m unittest discover -s tests -t . -v

dotnet build "$root/src/FaceChain.Cli" -c Release -v quiet -nologo
facechain=(dotnet "$root/src/FaceChain.Cli/bin/Release/net10.0/facechain.dll")
# The full contract: a UNet with the 13 ControlNet residual inputs and the OpenPose and Canny ControlNets, used by a
# style job (zero residuals), a pose job (OpenPose residuals every step) and a template job (the face redraw's inpaint
# with both ControlNets, then its refine pass).
"$python" -m facechain_export --stand-in --size 64 --out "$work/set" --verify "${facechain[*]}"
"${facechain[@]}" portrait --photo "$root/../shared/images/single/interfaces_cc0_014.jpg" --style studio-portrait \
  --count 1 --size 64 --steps 2 --model-set "$work/set" --out "$work/out"
test -s "$work/out/portrait-0.png"
"${facechain[@]}" portrait --photo "$root/../shared/images/single/interfaces_cc0_014.jpg" --style studio-portrait \
  --pose-photo "$pose_photo" --count 1 --size 64 --steps 2 --model-set "$work/set" --out "$work/pose-out"
test -s "$work/pose-out/portrait-0.png"
"${facechain[@]}" template --template "$group_photo" --face 0="$root/../shared/images/single/interfaces_cc0_014.jpg" \
  --count 1 --size 64 --steps 2 --model-set "$work/set" --out "$work/template-out"
test -s "$work/template-out/portrait-0.png"
# The redraw ran with both exported ControlNets (result.json lists each pass's ControlNets by name).
grep -q '"canny"' "$work/template-out/result.json"

# A graph that no longer matches PyTorch must fail verification: perturb one stored PyTorch output.
"$python" - "$work/set/parity/unet/out_sample.bin" <<'PY'
import sys, numpy as np
values = np.fromfile(sys.argv[1], dtype="<f4"); values[0] += 0.5; values.tofile(sys.argv[1])
PY
if "${facechain[@]}" models verify --model-set "$work/set" > "$work/verify.txt" 2>&1; then
  echo "verify accepted a set whose UNet differs from PyTorch" >&2; exit 1
fi
grep -q "unet .*FAILED" "$work/verify.txt"
echo "stand-in export check: passed"
