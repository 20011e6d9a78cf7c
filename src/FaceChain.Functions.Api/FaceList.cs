using FaceChain.Pipeline.Engines;

namespace FaceChain.Functions.Api;

/// <summary>
/// POST /api/faces's answer: the (EXIF-oriented) image size the boxes refer to, every face in reading order (the index
/// a template job names) and <see cref="ChosenIndex"/>, the face a style job portrays.
/// </summary>
public sealed record FaceList(int ImageWidth, int ImageHeight, int ChosenIndex, IReadOnlyList<FaceSummary> Faces);
