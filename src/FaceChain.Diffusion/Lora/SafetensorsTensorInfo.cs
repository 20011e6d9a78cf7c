namespace FaceChain.Diffusion.Lora;

/// <summary>One tensor's header entry; <see cref="Begin"/>/<see cref="End"/> are byte offsets into the data section.</summary>
public sealed record SafetensorsTensorInfo(string Name, SafetensorsDtype Dtype, IReadOnlyList<long> Shape, long ElementCount, long Begin, long End);
