namespace FaceChain.Diffusion.Text;

/// <summary>Fixed-length CLIP ids (BOS, tokens, EOS, padding) and whether the prompt was cut.</summary>
public sealed record TokenizedPrompt(int[] Ids, bool Truncated);
