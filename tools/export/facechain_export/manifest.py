"""modelset.json and lora_mapping.json for an exported set (docs/model-contract.md)."""
import hashlib
import json
import os

import numpy as np
import onnx
from onnx import numpy_helper
from torch import nn

from .contract import FACE_SIZE, FACE_TOKENS, SD15_SETTINGS, TEXT_TOKENS, controlnet_name

LORA_FORMAT = "facechain-lora-mapping/1"


def write_modelset(folder, name, description, entries, hidden):
    """entries: component name → the dict exporter.export returned."""
    components = {}
    controlnets = {}
    for component, entry in sorted(entries.items()):
        fields = {k: v for k, v in entry.items() if k not in ("maxAbsDiff", "parity")}
        # The engine takes ControlNets from their own map, by the name a job asks for (openpose, canny).
        if controlnet_name(component) is not None:
            controlnets[controlnet_name(component)] = fields
        else:
            components[component] = fields
    manifest = {
        "name": name,
        "description": description,
        **SD15_SETTINGS,
        "text": {"maxLength": TEXT_TOKENS, "hiddenSize": hidden},
        "face": {"tokenCount": FACE_TOKENS, "hiddenSize": hidden, "alignedSize": FACE_SIZE},
        "components": components,
    }
    if controlnets:
        manifest["controlnets"] = controlnets
    with open(os.path.join(folder, "modelset.json"), "w", encoding="utf-8") as stream:
        json.dump(manifest, stream, indent=2)
    return manifest


def write_parity(folder, entries):
    """parity.json: per component, the stored random inputs and PyTorch outputs (see exporter.write_parity_fixture)."""
    # Keyed as modelset.json names them: the ControlNet by its name in the controlnets map.
    document = {"format": "facechain-parity/1",
                "components": {(controlnet_name(name) or name): entry["parity"] for name, entry in sorted(entries.items())}}
    with open(os.path.join(folder, "parity.json"), "w", encoding="utf-8") as stream:
        json.dump(document, stream, indent=2)
    return document


def lora_modules(folder, component, entry, module, prefix, fp16):
    """Maps every nn.Linear / nn.Conv2d of module to the initializer that holds its weight in the exported graph.

    An initializer named '<prefix><path>.weight' is the weight as PyTorch stores it; otherwise torch.onnx.export
    stored a Linear as the [in, out] right operand of a MatMul under a generated name, found by its bytes
    (transposed: true). Weights an optimiser folded away are left out, so LoRA keys for them are reported unmapped.
    """
    model = onnx.load(os.path.join(folder, entry["file"]), load_external_data=True)
    by_name = {}
    by_bytes = {}
    for initializer in model.graph.initializer:
        array = numpy_helper.to_array(initializer)
        by_name[initializer.name] = array
        by_bytes.setdefault(_digest(array), initializer.name)
    dtype = np.float16 if fp16 else np.float32
    modules = {}
    for path, layer in module.named_modules():
        if not isinstance(layer, (nn.Linear, nn.Conv2d)):
            continue
        weight = layer.weight.detach().cpu().numpy().astype(dtype)
        named = prefix + path + ".weight"
        if named in by_name and by_name[named].shape == weight.shape:
            found, transposed, shape = named, False, weight.shape
        elif isinstance(layer, nn.Linear) and _digest(np.ascontiguousarray(weight.T)) in by_bytes:
            found, transposed, shape = by_bytes[_digest(np.ascontiguousarray(weight.T))], True, weight.T.shape
        elif _digest(weight) in by_bytes:
            found, transposed, shape = by_bytes[_digest(weight)], False, weight.shape
        else:
            continue
        modules[path] = {"initializer": found, "shape": list(shape), "transposed": transposed,
                         "dtype": "float16" if fp16 else "float32"}
    return {"file": entry["file"], "sha256": entry["sha256"], "modules": modules}


def write_lora_mapping(folder, mapped):
    document = {"format": LORA_FORMAT, "components": mapped}
    with open(os.path.join(folder, "lora_mapping.json"), "w", encoding="utf-8") as stream:
        json.dump(document, stream, indent=2)
    return document


def _digest(array):
    return (array.dtype.str, array.shape, hashlib.sha256(np.ascontiguousarray(array).tobytes()).hexdigest())
