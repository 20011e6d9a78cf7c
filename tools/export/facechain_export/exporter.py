"""torch.onnx.export of one wrapped component under its contract, external data, optional fp16, and the parity check."""
import hashlib
import os
import time

import numpy as np
import onnx
import torch

OPSET = 17
DATA_SUFFIX = ".data"


def sha256_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def example_inputs(component, sizes, dtype=torch.float32, seed=0):
    """Random inputs for the contract's tensors; sizes maps symbolic dims (batch, height, ...) to numbers."""
    generator = torch.Generator().manual_seed(seed)
    tensors = []
    for tensor in component.inputs:
        shape = [sizes[d] if isinstance(d, str) else d for d in tensor.shape]
        if tensor.dtype in ("int32", "int64"):
            values = torch.randint(0, 49407, shape, generator=generator)
            tensors.append(values.to(torch.int32 if tensor.dtype == "int32" else torch.int64))
        elif tensor.name in ("face_scale", "conditioning_scale"):
            tensors.append(torch.full(shape, 0.7, dtype=dtype))
        elif tensor.name == "timestep":
            tensors.append((torch.rand(shape, generator=generator) * 999).to(dtype))
        else:
            tensors.append(torch.randn(shape, generator=generator).to(dtype))
    return tuple(tensors)


def export(component, module, folder, sizes, fp16=False, log=print):
    """Exports module as <folder>/<component>/model.onnx (+ model.onnx.data when the contract says external data).

    Returns the manifest entry's facts: files, sha256s, dtype, tensors, and the parity check against PyTorch.
    """
    started = time.time()
    target = os.path.join(folder, component.name)
    os.makedirs(target, exist_ok=True)
    path = os.path.join(target, "model.onnx")
    module = module.eval()
    inputs = example_inputs(component, sizes)
    with torch.no_grad():
        torch.onnx.export(
            module, inputs, path,
            input_names=[t.name for t in component.inputs],
            output_names=[t.name for t in component.outputs],
            dynamic_axes=component.dynamic_axes(),
            opset_version=OPSET,
            do_constant_folding=True)
        expected = module(*inputs)
    expected = [expected] if torch.is_tensor(expected) else list(expected)

    # torch writes one file per tensor past 2 GB; gather the weights into the one data file the manifest pins.
    model = onnx.load(path, load_external_data=True)
    if fp16:
        from onnxconverter_common import float16
        # LayerNorm/Softmax-heavy graphs keep those ops in fp32 for accuracy; inputs/outputs become float16.
        model = float16.convert_float_to_float16(model, keep_io_types=False, op_block_list=["LayerNormalization", "Softmax"])
    _remove_stray_tensor_files(target)
    if component.external_data:
        onnx.save_model(model, path, save_as_external_data=True, all_tensors_to_one_file=True,
                        location="model.onnx" + DATA_SUFFIX, size_threshold=1024)
    else:
        onnx.save_model(model, path)
    onnx.checker.check_model(path)

    contract = component.in_dtype("float16" if fp16 else "float32")
    difference = parity(path, contract, inputs, expected, fp16)
    fixture = write_parity_fixture(folder, component, inputs, expected, fp16)
    files = {"file": f"{component.name}/model.onnx", "sha256": sha256_file(path)}
    if component.external_data:
        data = path + DATA_SUFFIX
        files["externalData"] = [{"file": f"{component.name}/model.onnx{DATA_SUFFIX}", "sha256": sha256_file(data)}]
    log(f"{component.name}: exported in {time.time() - started:.1f} s, max abs diff vs PyTorch {difference}")
    return {
        **files,
        "dtype": "fp16" if fp16 else "fp32",
        "inputs": [t.manifest() for t in contract.inputs],
        "outputs": [t.manifest() for t in contract.outputs],
        "maxAbsDiff": difference,
        "parity": fixture,
    }


# Parity tolerances: float32 graphs match PyTorch to rounding; float16 ones to half-precision rounding of O(1) activations.
TOLERANCE_FP32 = 1e-3
TOLERANCE_FP16 = 5e-2


def write_parity_fixture(folder, component, inputs, expected, fp16):
    """Saves the export's random inputs and PyTorch's outputs as raw little-endian files under parity/<component>/,
    so `facechain models verify --model-set` compares the graph with PyTorch in the engine's own ONNX Runtime."""
    target = os.path.join(folder, "parity", component.name)
    os.makedirs(target, exist_ok=True)

    def save(tensor, value):
        array = value.detach().cpu().numpy()
        array = array.astype("<i4" if tensor.dtype == "int32" else "<i8" if tensor.dtype == "int64" else "<f4")
        relative = f"parity/{component.name}/{tensor.name}.bin"
        array.tofile(os.path.join(folder, relative))
        return {"name": tensor.name, "dtype": str(array.dtype.name), "shape": list(array.shape), "file": relative}

    return {
        "tolerance": TOLERANCE_FP16 if fp16 else TOLERANCE_FP32,
        "inputs": [save(t, v) for t, v in zip(component.inputs, inputs)],
        "outputs": [save(t, v) for t, v in zip(component.outputs, expected)],
    }


def parity(path, contract, inputs, expected, fp16):
    """Largest |ONNX Runtime − PyTorch| over all outputs on the export's random inputs (None without onnxruntime)."""
    try:
        import onnxruntime
    except ImportError:
        return None
    session = onnxruntime.InferenceSession(path, providers=["CPUExecutionProvider"])
    feed = {}
    for tensor, value in zip(contract.inputs, inputs):
        array = value.numpy()
        feed[tensor.name] = array.astype(np.float16) if fp16 and tensor.dtype == "float16" else array
    actual = session.run([t.name for t in contract.outputs], feed)
    return float(max(np.max(np.abs(a.astype(np.float32) - e.numpy())) for a, e in zip(actual, expected)))


def _remove_stray_tensor_files(folder):
    for name in os.listdir(folder):
        if name != "model.onnx":
            os.remove(os.path.join(folder, name))
