"""python -m facechain_export: export a FACT model set, or (--stand-in) the same code path on small stand-in modules."""
import argparse
import os
import shutil
import subprocess
import sys
import time

from . import contract, exporter, manifest, wrappers


def main(argv=None):
    parser = argparse.ArgumentParser(prog="facechain_export", description=__doc__)
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--sd15", help="diffusers SD-1.5 folder or hub id (unet, text_encoder, vae subfolders)")
    source.add_argument("--stand-in", action="store_true", help="small stand-in modules with the real signatures (no weights needed)")
    parser.add_argument("--fact-adapter", help="FACT adapter checkpoint (adapter_maj_…ckpt): UNet processors + resampler (local_fac_prj.*)")
    parser.add_argument("--transface", help="TransFace-S checkpoint (ms1mv2_model_TransFace_S.pt)")
    parser.add_argument("--openpose-controlnet", "--controlnet", dest="openpose_controlnet",
                        help="OpenPose ControlNet folder or hub id, exported as 'openpose' (optional; --controlnet is the old name)")
    parser.add_argument("--canny-controlnet",
                        help="Canny ControlNet folder or hub id (lllyasviel/sd-controlnet-canny), exported as 'canny' (optional)")
    parser.add_argument("--out", required=True, help="model-set folder to write (must not exist)")
    parser.add_argument("--name", default="facechain-fact-sd15")
    parser.add_argument("--fp16", action="store_true", help="float16 weights and inputs/outputs (onnxconverter-common)")
    parser.add_argument("--no-controlnet-residuals", action="store_true", help="UNet without the 13 ControlNet residual inputs")
    parser.add_argument("--size", type=int, default=512, help="image side used for the export's example inputs and the parity check")
    parser.add_argument("--verify", default=None,
                        help="command that runs the C# CLI (e.g. 'dotnet run -c Release --project src/FaceChain.Cli --'); "
                             "the tool ends with '<command> models verify --model-set <out>'")
    args = parser.parse_args(argv)

    if os.path.exists(args.out):
        parser.error(f"{args.out} exists; choose a new folder")
    if args.stand_in:
        from . import standins
        modules, hidden, widths = standins.load(), standins.HIDDEN, standins.WIDTHS
    else:
        if not (args.fact_adapter and args.transface):
            parser.error("--sd15 needs --fact-adapter and --transface")
        from . import real_weights
        modules, hidden, widths = real_weights.load(args.sd15, args.fact_adapter, args.transface,
                                           {"openpose": args.openpose_controlnet, "canny": args.canny_controlnet}), 768, None

    residuals = not args.no_controlnet_residuals
    components = contract.components(hidden, widths, residuals)
    latent = args.size // 8
    sizes = {"batch": 2, "height": latent, "width": latent, "image_height": args.size, "image_width": args.size}
    for level in (1, 2, 3):
        sizes[f"height/{1 << level}"] = sizes[f"width/{1 << level}"] = -(-latent >> level)  # rounded up, as the engine reads it

    staging = args.out + ".partial"
    shutil.rmtree(staging, ignore_errors=True)
    os.makedirs(staging)
    started = time.time()
    wrapped = {
        "text_encoder": (wrappers.TextEncoderWrapper(modules["text_encoder"]), "text_encoder.", modules["text_encoder"]),
        "face_encoder": (wrappers.FaceEncoderWrapper(modules["face_transformer"], modules["resampler"]), None, None),
        "unet": (wrappers.FactUNetWrapper(modules["unet"], modules["face_processors"], residuals), "unet.", modules["unet"]),
        "vae_decoder": (wrappers.VaeDecoderWrapper(modules["vae"]), None, None),
        "vae_encoder": (wrappers.VaeEncoderWrapper(modules["vae"]), None, None),
    }
    for name, net in modules["controlnets"].items():
        if net is not None:
            wrapped[contract.controlnet_component(name)] = (wrappers.ControlNetWrapper(net), None, None)

    entries, mapped = {}, {}
    for name, (module, prefix, inner) in wrapped.items():
        entries[name] = exporter.export(components[name], module, staging, sizes, fp16=args.fp16)
        if prefix is not None:
            mapped[name] = manifest.lora_modules(staging, name, entries[name], inner, prefix, args.fp16)
    manifest.write_lora_mapping(staging, mapped)
    description = ("stand-in modules with the real signatures (test of the export tool)" if args.stand_in
                   else f"SD-1.5 {args.sd15} + FaceChain-FACT {os.path.basename(args.fact_adapter)}")
    manifest.write_modelset(staging, args.name, description, entries, hidden)
    manifest.write_parity(staging, entries)
    os.rename(staging, args.out)

    print(f"{'component':<20} {'dtype':<5} {'max abs diff':>12}")
    for name, entry in entries.items():
        # Without onnxruntime in Python, `facechain models verify` makes this comparison from parity.json.
        diff = "in C#" if entry["maxAbsDiff"] is None else f"{entry['maxAbsDiff']:.2e}"
        print(f"{name:<20} {entry['dtype']:<5} {diff:>12}")
    print(f"model set: {args.out} ({time.time() - started:.0f} s)")
    if args.verify:
        command = args.verify.split() + ["models", "verify", "--model-set", os.path.abspath(args.out)]
        print("verifying with the C# loader:", " ".join(command), flush=True)
        return subprocess.call(command)
    return 0


if __name__ == "__main__":
    sys.exit(main())
