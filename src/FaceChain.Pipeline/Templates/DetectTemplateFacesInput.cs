using FaceChain.Pipeline.Contracts;

namespace FaceChain.Pipeline.Templates;

public sealed record DetectTemplateFacesInput(string JobId, BlobReference TemplatePhoto, IReadOnlyList<int> MappedFaces);
