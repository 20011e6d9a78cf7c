"""Small torch modules with the real components' call signatures and module paths, so the wrapping, export,
manifest and LoRA-mapping code runs end to end without the gigabytes of real weights.

Widths are tiny; the interfaces are the real ones: CLIPTextModel(ids).last_hidden_state, Face_Transformer(x) →
(tokens, pooled), Face_Prj_Resampler(tokens), UNet2DConditionModel(sample, t, states, down_block_additional_residuals=,
mid_block_additional_residual=, return_dict=False) with FACT processors that split the last 16 tokens and read .scale,
AutoencoderKL.encode(x).latent_dist.mean / .decode(z, return_dict=False), ControlNetModel(..., conditioning_scale=,
return_dict=False) → (12 down residuals, mid residual).
"""
from types import SimpleNamespace

import torch
import torch.nn.functional as F
from torch import nn

HIDDEN = 32
# Stand-in residual widths at the SD-1.5 levels (0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, mid 3).
WIDTHS = [8, 8, 8, 8, 16, 16, 16, 32, 32, 32, 32, 32, 32]
LEVELS = [0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 3]


class StandInClip(nn.Module):
    def __init__(self):
        super().__init__()
        self.text_model = nn.Module()
        self.text_model.embeddings = nn.Embedding(49408, HIDDEN)
        self.text_model.encoder = nn.Module()
        self.text_model.encoder.layers = nn.ModuleList([nn.Module()])
        self.text_model.encoder.layers[0].mlp = nn.Module()
        self.text_model.encoder.layers[0].mlp.fc1 = nn.Linear(HIDDEN, HIDDEN)
        self.text_model.final_layer_norm = nn.LayerNorm(HIDDEN)

    def forward(self, input_ids):
        x = self.text_model.embeddings(input_ids)
        x = x + torch.tanh(self.text_model.encoder.layers[0].mlp.fc1(x))
        return SimpleNamespace(last_hidden_state=self.text_model.final_layer_norm(x))


class StandInFaceTransformer(nn.Module):
    def __init__(self):
        super().__init__()
        self.patch_embed = nn.Conv2d(3, 24, kernel_size=9, stride=9)
        self.norm = nn.LayerNorm(24)

    def forward(self, x):
        tokens = self.norm(self.patch_embed(x).flatten(2).transpose(1, 2))  # [b, 144, 24]
        return tokens, tokens.mean(dim=1)


class StandInResampler(nn.Module):
    def __init__(self):
        super().__init__()
        self.latents = nn.Parameter(torch.randn(1, 16, HIDDEN) / HIDDEN ** 0.5)
        self.proj_in = nn.Linear(24, HIDDEN)
        self.norm_out = nn.LayerNorm(HIDDEN)

    def forward(self, x):
        x = self.proj_in(x)
        latents = self.latents.repeat(x.size(0), 1, 1)
        weights = torch.softmax(latents @ x.transpose(1, 2) / HIDDEN ** 0.5, dim=-1)
        return self.norm_out(latents + weights @ x)


class StandInFaceProcessor(nn.Module):
    """FACT-style: the last 16 context tokens are the face; its branch is multiplied by self.scale."""

    def __init__(self, width):
        super().__init__()
        self.linear = nn.Linear(HIDDEN, width)
        self.norm1 = nn.LayerNorm(width)
        self.alpha_attn = nn.Parameter(torch.tensor(0.5))
        self.scale = 1.0

    def forward(self, h, context):
        text, face = context[:, :-16], context[:, -16:]
        joint = self.norm1(torch.cat([h, self.linear(face)], dim=1))
        weights = torch.softmax(joint[:, : h.shape[1]] @ joint.transpose(1, 2) / h.shape[-1] ** 0.5, dim=-1)
        return h + self.scale * torch.tanh(self.alpha_attn) * (weights @ joint), text


class StandInCrossAttention(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.to_q = nn.Linear(width, width, bias=False)
        self.to_k = nn.Linear(HIDDEN, width, bias=False)
        self.to_v = nn.Linear(HIDDEN, width, bias=False)
        self.to_out = nn.ModuleList([nn.Linear(width, width)])
        self.processor = StandInFaceProcessor(width)

    def forward(self, h, context):
        h, text = self.processor(h, context)
        q, k, v = self.to_q(h), self.to_k(text), self.to_v(text)
        weights = torch.softmax(q @ k.transpose(1, 2) / q.shape[-1] ** 0.5, dim=-1)
        return h + self.to_out[0](weights @ v)


class StandInUNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv_in = nn.Conv2d(4, WIDTHS[0], 3, padding=1)
        self.time_embedding = nn.Module()
        self.time_embedding.linear_1 = nn.Linear(1, WIDTHS[0])
        self.down = nn.ModuleList()
        for i in range(1, 12):
            stride = 2 if LEVELS[i] > LEVELS[i - 1] else 1
            self.down.append(nn.Conv2d(WIDTHS[i - 1], WIDTHS[i], 3, stride=stride, padding=1))
        self.mid = nn.Conv2d(WIDTHS[11], WIDTHS[12], 3, padding=1)
        self.down_blocks = nn.ModuleList([nn.Module()])
        self.down_blocks[0].attentions = nn.ModuleList([nn.Module()])
        block = nn.Module()
        block.attn2 = StandInCrossAttention(WIDTHS[0])
        self.down_blocks[0].attentions[0].transformer_blocks = nn.ModuleList([block])
        self.conv_out = nn.Conv2d(WIDTHS[0], 4, 3, padding=1)

    def forward(self, sample, timestep, encoder_hidden_states, down_block_additional_residuals=None,
                mid_block_additional_residual=None, return_dict=True):
        h = self.conv_in(sample) + self.time_embedding.linear_1(timestep[:, None] / 1000.0)[:, :, None, None]
        b, c, height, width = h.shape
        tokens = self.down_blocks[0].attentions[0].transformer_blocks[0].attn2(h.flatten(2).transpose(1, 2), encoder_hidden_states)
        h = tokens.transpose(1, 2).reshape(b, c, height, width)
        residuals = [h]
        for conv in self.down:
            h = F.silu(conv(h))
            residuals.append(h)
        h = self.mid(h)
        if down_block_additional_residuals is not None:
            residuals = [r + a for r, a in zip(residuals, down_block_additional_residuals)]
            h = h + mid_block_additional_residual
        # A light "up path": every residual, resized to full resolution and averaged over channels, steers the output.
        up = sum(F.interpolate(r.mean(dim=1, keepdim=True), size=(height, width), mode="nearest") for r in residuals + [h])
        out = self.conv_out(residuals[0] + up)
        return (out,) if not return_dict else SimpleNamespace(sample=out)

    def face_processors(self):
        return [m for m in self.modules() if isinstance(m, StandInFaceProcessor)]


class StandInVae(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.Conv2d(3, 8, kernel_size=8, stride=8)
        self.quant_conv = nn.Conv2d(8, 8, 1)
        self.post_quant_conv = nn.Conv2d(4, 4, 1)
        self.decoder = nn.Conv2d(4, 3, 3, padding=1)

    def encode(self, x):
        moments = self.quant_conv(self.encoder(x))
        return SimpleNamespace(latent_dist=SimpleNamespace(mean=moments[:, :4]))

    def decode(self, z, return_dict=True):
        image = torch.tanh(self.decoder(F.interpolate(self.post_quant_conv(z), scale_factor=8.0, mode="nearest")))
        return (image,) if not return_dict else SimpleNamespace(sample=image)


class StandInControlNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv_in = nn.Conv2d(4, WIDTHS[0], 3, padding=1)
        self.controlnet_cond_embedding = nn.Conv2d(3, WIDTHS[0], kernel_size=8, stride=8)
        self.down = nn.ModuleList(nn.Conv2d(WIDTHS[i - 1], WIDTHS[i], 3, stride=2 if LEVELS[i] > LEVELS[i - 1] else 1, padding=1) for i in range(1, 13))
        self.text = nn.Linear(HIDDEN, WIDTHS[0])

    def forward(self, sample, timestep, encoder_hidden_states, controlnet_cond, conditioning_scale=1.0, return_dict=True):
        h = self.conv_in(sample) + self.controlnet_cond_embedding(controlnet_cond)
        h = h + self.text(encoder_hidden_states.mean(dim=1))[:, :, None, None] + timestep[:, None, None, None] / 1000.0
        outputs = [h]
        for conv in self.down:
            h = F.silu(conv(h))
            outputs.append(h)
        outputs = [o * conditioning_scale for o in outputs]
        return tuple(outputs[:12]), outputs[12]


def load(seed=0):
    torch.manual_seed(seed)
    unet = StandInUNet()
    return {
        "text_encoder": StandInClip(), "vae": StandInVae(), "unet": unet, "face_processors": unet.face_processors(),
        "face_transformer": StandInFaceTransformer(), "resampler": StandInResampler(),
        # Two instances drawn one after the other from the seeded generator, so their random weights differ.
        "controlnets": {"openpose": StandInControlNet(), "canny": StandInControlNet()},
    }
