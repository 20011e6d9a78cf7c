"""The ONNX contract of each component (docs/model-contract.md): tensor names, dtypes, shapes and dynamic axes.

Shapes hold ints for fixed dims and strings for symbolic (dynamic) ones; the same strings name the dynamic axes given to
torch.onnx.export, so the exported graph and modelset.json agree by construction.
"""
from dataclasses import dataclass, field

TEXT_TOKENS = 77
FACE_TOKENS = 16
FACE_SIZE = 112
LATENT_CHANNELS = 4

# The SD-1.5 UNet's down-path outputs that ControlNet residuals are added to: (channels, latent downsamplings).
DOWN_RESIDUALS = [(320, 0), (320, 0), (320, 0), (320, 1), (640, 1), (640, 1),
                  (640, 2), (1280, 2), (1280, 2), (1280, 3), (1280, 3), (1280, 3)]
MID_RESIDUAL = (1280, 3)


@dataclass(frozen=True)
class Tensor:
    name: str
    dtype: str  # float32 | float16 | int32 | int64
    shape: tuple

    def with_float(self, float_dtype):
        return Tensor(self.name, float_dtype if self.dtype in ("float32", "float16") else self.dtype, self.shape)

    def manifest(self):
        return {"name": self.name, "dtype": self.dtype, "shape": list(self.shape)}


@dataclass(frozen=True)
class Component:
    name: str
    inputs: list
    outputs: list
    external_data: bool = False
    lora: bool = False
    extra: dict = field(default_factory=dict)

    def dynamic_axes(self):
        axes = {}
        for tensor in list(self.inputs) + list(self.outputs):
            symbolic = {i: d for i, d in enumerate(tensor.shape) if isinstance(d, str)}
            if symbolic:
                axes[tensor.name] = symbolic
        return axes

    def in_dtype(self, float_dtype):
        return Component(self.name, [t.with_float(float_dtype) for t in self.inputs],
                         [t.with_float(float_dtype) for t in self.outputs], self.external_data, self.lora, self.extra)


def residual_name(index):
    return f"down_block_{index}_additional_residual"


MID_RESIDUAL_NAME = "mid_block_additional_residual"

# The ControlNets an exported set may carry, by the name the engine asks for (modelset.json's controlnets map).
CONTROLNETS = ("openpose", "canny")
CONTROLNET_PREFIX = "controlnet/"


def controlnet_component(name):
    return CONTROLNET_PREFIX + name


def controlnet_name(component):
    """The controlnets-map name of a ControlNet component, or None for any other component."""
    return component[len(CONTROLNET_PREFIX):] if component.startswith(CONTROLNET_PREFIX) else None


def residual_tensors(widths=None, scale=1):
    """The 13 residuals; widths overrides the SD-1.5 channels (stand-in models), scale divides them."""
    tensors = []
    channels = widths or [c // scale for c, _ in DOWN_RESIDUALS] + [MID_RESIDUAL[0] // scale]
    levels = [level for _, level in DOWN_RESIDUALS] + [MID_RESIDUAL[1]]
    for i, (width, level) in enumerate(zip(channels, levels)):
        suffix = "" if level == 0 else f"/{1 << level}"  # the contract's symbol for the latent size / 2^level
        name = residual_name(i) if i < len(DOWN_RESIDUALS) else MID_RESIDUAL_NAME
        tensors.append(Tensor(name, "float32", ("batch", width, "height" + suffix, "width" + suffix)))
    return tensors


def components(hidden=768, residual_widths=None, controlnet_residuals=True):
    text = Component(
        "text_encoder",
        [Tensor("input_ids", "int32", ("batch", TEXT_TOKENS))],
        [Tensor("last_hidden_state", "float32", ("batch", TEXT_TOKENS, hidden))],
        lora=True)
    face = Component(
        "face_encoder",
        [Tensor("face_images", "float32", ("batch", 3, FACE_SIZE, FACE_SIZE))],
        [Tensor("face_tokens", "float32", ("batch", FACE_TOKENS, hidden))])
    unet_inputs = [
        Tensor("sample", "float32", ("batch", LATENT_CHANNELS, "height", "width")),
        Tensor("timestep", "float32", ("batch",)),
        Tensor("encoder_hidden_states", "float32", ("batch", TEXT_TOKENS, hidden)),
        Tensor("face_tokens", "float32", ("batch", FACE_TOKENS, hidden)),
        Tensor("face_scale", "float32", (1,)),
    ]
    if controlnet_residuals:
        unet_inputs += residual_tensors(residual_widths)
    unet = Component(
        "unet", unet_inputs,
        [Tensor("out_sample", "float32", ("batch", LATENT_CHANNELS, "height", "width"))],
        external_data=True, lora=True)
    decoder = Component(
        "vae_decoder",
        [Tensor("latent_sample", "float32", ("batch", LATENT_CHANNELS, "height", "width"))],
        [Tensor("sample", "float32", ("batch", 3, "image_height", "image_width"))])
    encoder = Component(
        "vae_encoder",
        [Tensor("sample", "float32", ("batch", 3, "image_height", "image_width"))],
        [Tensor("latent_sample", "float32", ("batch", LATENT_CHANNELS, "height", "width"))])
    # FACT's two ControlNets (face landmarks as OpenPose, and Canny edges) share one contract; each is its own file,
    # at the conventional controlnet/{name}/model.onnx, and its own entry in modelset.json's controlnets map.
    controlnets = [Component(
        controlnet_component(name),
        [
            Tensor("sample", "float32", ("batch", LATENT_CHANNELS, "height", "width")),
            Tensor("timestep", "float32", ("batch",)),
            Tensor("encoder_hidden_states", "float32", ("batch", TEXT_TOKENS, hidden)),
            Tensor("controlnet_cond", "float32", ("batch", 3, "image_height", "image_width")),
            Tensor("conditioning_scale", "float32", (1,)),
        ],
        residual_tensors(residual_widths),
        external_data=True) for name in CONTROLNETS]
    return {c.name: c for c in (text, face, unet, decoder, encoder, *controlnets)}


SD15_SETTINGS = {
    "latent": {"channels": LATENT_CHANNELS, "scalingFactor": 0.18215, "shiftFactor": 0.0, "downscale": 8},
    "image": {"valueRange": "minusOneToOne"},
    "scheduler": {"betaSchedule": "scaledLinear", "betaStart": 0.00085, "betaEnd": 0.012, "trainTimesteps": 1000,
                  "predictionType": "epsilon", "stepsOffset": 1},
    "imageSizeMultiple": 64,
}
