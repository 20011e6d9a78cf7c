namespace FaceChain.Pipeline.Identity;

/// <summary>Output <see cref="Index"/>'s identity check, as the job status lists it while images finish.</summary>
public sealed record OutputIdentity(int Index, ImageIdentity Identity);
