"""nn.Module wrappers that give each real component exactly the contract's inputs and outputs.

They only rename, cast and route tensors; every weight stays in the wrapped module, so the ONNX initializers keep
the module paths (prefixed with the wrapper's attribute name) that the LoRA mapping looks for.
"""
import torch
from torch import nn


class TextEncoderWrapper(nn.Module):
    """CLIPTextModel: int32 ids (the engine's dtype) → last_hidden_state."""

    prefix = "text_encoder."

    def __init__(self, text_encoder):
        super().__init__()
        self.text_encoder = text_encoder

    def forward(self, input_ids):
        return self.text_encoder(input_ids.to(torch.int64)).last_hidden_state


class FaceEncoderWrapper(nn.Module):
    """TransFace-S token map (its first output, before the pooled embedding) → FACT resampler → 16 tokens."""

    def __init__(self, face_transformer, resampler):
        super().__init__()
        self.face_transformer = face_transformer
        self.resampler = resampler

    def forward(self, face_images):
        tokens, _ = self.face_transformer(face_images)
        return self.resampler(tokens)


class FactUNetWrapper(nn.Module):
    """UNet2DConditionModel with FACT's FaceAttnProcessors installed.

    FACT's processors split the last 16 tokens of encoder_hidden_states off as the face tokens and multiply their
    branch by processor.scale; here the face tokens are their own input, appended inside the graph, and the scale is
    the face_scale input (assigned to every processor before tracing, so it becomes a graph input, not a constant).
    The optional 13 ControlNet residuals are passed to diffusers as down_block_additional_residuals / mid_block_additional_residual.
    """

    prefix = "unet."

    def __init__(self, unet, face_processors, controlnet_residuals=True):
        super().__init__()
        self.unet = unet
        self.face_processors = list(face_processors)
        self.controlnet_residuals = controlnet_residuals

    def forward(self, sample, timestep, encoder_hidden_states, face_tokens, face_scale, *residuals):
        for processor in self.face_processors:
            processor.scale = face_scale
        states = torch.cat([encoder_hidden_states, face_tokens], dim=1)
        extra = {}
        if self.controlnet_residuals:
            extra = {"down_block_additional_residuals": list(residuals[:-1]), "mid_block_additional_residual": residuals[-1]}
        return self.unet(sample, timestep, states, return_dict=False, **extra)[0]


class VaeDecoderWrapper(nn.Module):
    """AutoencoderKL.decode (post_quant_conv + decoder) on unscaled latents; the engine divides by scalingFactor."""

    def __init__(self, vae):
        super().__init__()
        self.vae = vae

    def forward(self, latent_sample):
        return self.vae.decode(latent_sample, return_dict=False)[0]


class VaeEncoderWrapper(nn.Module):
    """AutoencoderKL.encode → posterior mean, unscaled; the engine multiplies by scalingFactor."""

    def __init__(self, vae):
        super().__init__()
        self.vae = vae

    def forward(self, sample):
        return self.vae.encode(sample).latent_dist.mean


class ControlNetWrapper(nn.Module):
    """ControlNetModel on the 77 text tokens only (FACT's CNAttnProcessor drops the face tokens): 13 residuals, scaled."""

    def __init__(self, controlnet):
        super().__init__()
        self.controlnet = controlnet

    def forward(self, sample, timestep, encoder_hidden_states, controlnet_cond, conditioning_scale):
        down, mid = self.controlnet(sample, timestep, encoder_hidden_states, controlnet_cond,
                                    conditioning_scale=conditioning_scale, return_dict=False)
        return (*down, mid)
