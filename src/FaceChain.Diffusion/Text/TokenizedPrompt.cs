namespace FaceChain.Diffusion.Text;

/// <summary>Fixed-length CLIP ids (BOS, tokens, EOS, padding), whether the prompt was cut and the (normalised) text that was dropped.</summary>
public sealed record TokenizedPrompt(int[] Ids, bool Truncated, string DroppedText);
