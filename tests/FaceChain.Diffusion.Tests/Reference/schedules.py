#!/usr/bin/env python3
"""Reference sampler schedules for SD-1.5 at 20 steps, computed independently of the C# code.

Re-implements, with the standard library only, the diffusers formulas as FaceChain configures them
(scheduler_config.json of SD-1.5: beta_schedule "scaled_linear", beta_start 0.00085, beta_end 0.012,
num_train_timesteps 1000, steps_offset 1, set_alpha_to_one false):
  - DDIMScheduler, timestep_spacing "leading";
  - DPMSolverMultistepScheduler with use_karras_sigmas (rho 7), final_sigmas_type "zero"; the UNet timestep is
    diffusers' _sigma_to_t without its final round() (FaceChain feeds the fractional timestep);
  - EulerAncestralDiscreteScheduler, timestep_spacing "linspace", sigmas by np.interp, final sigma 0.
Run: python3 schedules.py > schedules-20.json   (ScheduleReferenceTests reads that file).
"""
import json
import math

TRAIN = 1000
BETA_START = 0.00085
BETA_END = 0.012
STEPS_OFFSET = 1
STEPS = 20


def linspace(start, stop, count):
    if count == 1:
        return [float(start)]
    return [start + (stop - start) * i / (count - 1) for i in range(count)]


def alphas_cumprod():
    # scaled_linear: betas = linspace(sqrt(start), sqrt(end), N) ** 2
    roots = linspace(math.sqrt(BETA_START), math.sqrt(BETA_END), TRAIN)
    product = 1.0
    out = []
    for root in roots:
        product *= 1.0 - root * root
        out.append(product)
    return out


def ddim(acp):
    ratio = TRAIN // STEPS
    timesteps = [i * ratio + STEPS_OFFSET for i in range(STEPS)][::-1]
    previous = [t - ratio for t in timesteps]
    return {
        "timesteps": timesteps,
        "previousTimesteps": previous,
        "alphasCumprod": [acp[t] for t in timesteps],
        # set_alpha_to_one false: the step past the start uses alphas_cumprod[0].
        "previousAlphasCumprod": [acp[p] if p >= 0 else acp[0] for p in previous],
    }


def sigma_to_t(sigma, log_sigmas):
    log_sigma = math.log(max(sigma, 1e-10))
    # np.cumsum(dists >= 0).argmax(): the last index whose log sigma is <= log_sigma, clipped to N - 2.
    low = 0
    for i, value in enumerate(log_sigmas):
        if log_sigma - value >= 0:
            low = i
    low = min(low, len(log_sigmas) - 2)
    high = low + 1
    w = (log_sigmas[low] - log_sigma) / (log_sigmas[low] - log_sigmas[high])
    w = min(max(w, 0.0), 1.0)
    return (1 - w) * low + w * high


def dpmpp_2m_karras(acp):
    sigmas = [math.sqrt((1 - a) / a) for a in acp]
    log_sigmas = [math.log(s) for s in sigmas]
    sigma_min, sigma_max = sigmas[0], sigmas[-1]
    rho = 7.0
    min_inv, max_inv = sigma_min ** (1 / rho), sigma_max ** (1 / rho)
    karras = [(max_inv + r * (min_inv - max_inv)) ** rho for r in linspace(0, 1, STEPS)]
    return {
        "sigmas": karras + [0.0],
        "timesteps": [sigma_to_t(s, log_sigmas) for s in karras],
    }


def interp(x, xs, ys):
    # np.interp over increasing integer xs
    if x <= xs[0]:
        return ys[0]
    if x >= xs[-1]:
        return ys[-1]
    low = int(math.floor(x))
    w = x - low
    return ys[low] * (1 - w) + ys[low + 1] * w


def euler_ancestral(acp):
    sigmas = [math.sqrt((1 - a) / a) for a in acp]
    timesteps = linspace(0, TRAIN - 1, STEPS)[::-1]
    step_sigmas = [interp(t, list(range(TRAIN)), sigmas) for t in timesteps] + [0.0]
    return {
        "timesteps": timesteps,
        "sigmas": step_sigmas,
        "initNoiseSigma": math.sqrt(step_sigmas[0] ** 2 + 1),
    }


def main():
    acp = alphas_cumprod()
    reference = {
        "steps": STEPS,
        "alphasCumprodFirst": acp[0],
        "alphasCumprodLast": acp[-1],
        "ddim": ddim(acp),
        "dpmpp2mKarras": dpmpp_2m_karras(acp),
        "eulerAncestral": euler_ancestral(acp),
    }
    print(json.dumps(reference, indent=1))


if __name__ == "__main__":
    main()
