"""Loads the real SD-1.5 + FaceChain-FACT components. Needs diffusers, transformers and a FaceChain checkout
(PYTHONPATH) at the pinned commit; nothing here can run without the weights, so it is not exercised by the stand-in check.
"""
import torch

from . import FACECHAIN_COMMIT


def load(sd15, adapter_checkpoint, transface_checkpoint, controlnets=None):
    """Returns the modules the wrappers take: text encoder, face transformer, resampler, FACT UNet + processors, VAE, ControlNets by name."""
    from diffusers import AutoencoderKL, ControlNetModel, UNet2DConditionModel
    from transformers import CLIPTextModel
    try:
        from face_adapter.face_adapter_v1 import Face_Prj_Resampler, Identity
        from face_adapter.face_attention_processor_v1 import AttnProcessor, FaceAttnProcessor
        from face_adapter.vit import Face_Transformer
    except ImportError as error:
        raise SystemExit(f"FaceChain's face_adapter package is not importable ({error}); clone modelscope/facechain at "
                         f"{FACECHAIN_COMMIT} and put it on PYTHONPATH") from error

    text_encoder = CLIPTextModel.from_pretrained(sd15, subfolder="text_encoder", torch_dtype=torch.float32)
    vae = AutoencoderKL.from_pretrained(sd15, subfolder="vae", torch_dtype=torch.float32)
    unet = UNet2DConditionModel.from_pretrained(sd15, subfolder="unet", torch_dtype=torch.float32)

    # FACT's set_adapter: every transformer block's norm2 moves into its attn2 processor (FaceAttnProcessor), attn1
    # keeps a plain processor; then the checkpoint's 'processor' keys are loaded into the UNet.
    processors = {}
    face_processors = []
    for name in unet.attn_processors.keys():
        if name.endswith("attn1.processor"):
            processors[name] = AttnProcessor()
            continue
        block = unet.get_submodule(name[: -len(".attn2.processor")])
        width = block.norm2.normalized_shape[0]
        processor = FaceAttnProcessor(hidden_size=width, cross_attention_dim=unet.config.cross_attention_dim, scale=1.0, ln=block.norm2)
        block.norm2 = Identity()
        processors[name] = processor
        face_processors.append(processor)
    unet.set_attn_processor(processors)
    adapter = torch.load(adapter_checkpoint, map_location="cpu")
    missing = unet.load_state_dict({k: v for k, v in adapter.items() if "processor" in k}, strict=False)
    if missing.unexpected_keys:
        raise SystemExit(f"adapter keys the UNet does not have: {missing.unexpected_keys[:5]} …")

    face_transformer = Face_Transformer(weight=transface_checkpoint)
    resampler = Face_Prj_Resampler(dim=1024, depth=4, dim_head=64, heads=12, num_queries=16, embedding_dim=512, output_dim=768, ff_mult=4)
    resampler.load_state_dict({k.replace("local_fac_prj.", ""): v for k, v in adapter.items() if k.startswith("local_fac_prj")}, strict=True)

    # Every named ControlNet is the same ControlNetModel architecture; only the weights (and what they were trained on) differ.
    nets = {name: ControlNetModel.from_pretrained(source, torch_dtype=torch.float32) if source else None
            for name, source in (controlnets or {}).items()}
    return {
        "text_encoder": text_encoder, "vae": vae, "unet": unet, "face_processors": face_processors,
        "face_transformer": face_transformer.eval(), "resampler": resampler.eval(), "controlnets": nets,
    }
