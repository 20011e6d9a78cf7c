using FaceChain.Pipeline.Engines;

namespace FaceChain.Pipeline.Identity;

/// <summary>VerifyIdentity's answer: the cosine to the character (0 without a face), the face scored, and model time.</summary>
public sealed record IdentityVerification(bool FaceFound, double Score, FaceRectangle? Box, IReadOnlyList<FacePoint>? Landmarks, double ModelCallMs);
