namespace FaceChain.Pipeline.Contracts;

/// <summary>One face of a multiTemplate job: the template face (0-based, in <c>facechain faces</c> order) and the person drawn into it.</summary>
public sealed record TemplateFaceMapping(int FaceIndex, PhotoSource? CharacterPhoto);
