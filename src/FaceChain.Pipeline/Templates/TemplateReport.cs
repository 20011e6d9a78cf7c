using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Engines;

namespace FaceChain.Pipeline.Templates;

/// <summary>
/// result.json's <c>template</c> section: the template's pinned faces (index and box), each redrawn face with the
/// person drawn into it (photo and the face chosen in it), the strength, and every redraw step (variant, face, seed,
/// its intermediate image and timings).
/// </summary>
public sealed record TemplateReport(
    BlobReference TemplatePhoto,
    int ImageWidth,
    int ImageHeight,
    IReadOnlyList<TemplateFaceBox> FacesFound,
    IReadOnlyList<TemplatePerson> Faces,
    float Strength,
    IReadOnlyList<RedrawnFace> Steps);

/// <summary>A template face as pinned at the start of the job.</summary>
public sealed record TemplateFaceBox(int Index, FaceRectangle Box);

/// <summary>A redrawn template face and the identity drawn into it.</summary>
public sealed record TemplatePerson(int FaceIndex, FaceRectangle Box, BlobReference CharacterPhoto, int CharacterFaceIndex, int CharacterFacesFound);
