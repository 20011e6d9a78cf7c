using System.Globalization;
using FaceChain.Pipeline.Contracts;

namespace FaceChain.Pipeline.Storage;

/// <summary>
/// Where a job's blobs live (docs/architecture.md):
/// <c>inputs/{jobId}/…</c> uploads · <c>jobs/{jobId}/request.json</c> · <c>work/{jobId}/…</c> intermediates
/// (faces.json, identity.bin, image-{k}.png, image-{k}-attempt-{a}.png, image-{k}-fused.png) · <c>outputs/{jobId}/portrait-{k}.png</c> and <c>result.json</c> ·
/// <c>styles/{styleId}/style.json</c> with the style's LoRA (e.g. <c>lora.safetensors</c>) beside it ·
/// <c>models/{modelSet}/modelset.json</c> with its components, which the GPU worker downloads ·
/// <c>inputs/loras/{sha256}.safetensors</c> custom LoRAs uploaded through the API.
/// </summary>
public static class BlobLayout
{
    public const string Inputs = "inputs";
    public const string Jobs = "jobs";
    public const string Work = "work";
    public const string Outputs = "outputs";
    public const string Styles = "styles";
    public const string Models = "models";
    public const string PngContentType = "image/png";
    public const string JsonContentType = "application/json";
    public const string BinaryContentType = "application/octet-stream";

    /// <summary>A blob style's definition, in its folder <c>styles/{styleId}/</c>.</summary>
    public const string StyleDocumentName = "style.json";

    /// <summary>Every container; hosts create them on start, so a model set can be uploaded to a fresh Azurite too.</summary>
    public static IReadOnlyList<string> Containers { get; } = [Inputs, Jobs, Work, Outputs, Styles, Models];

    /// <summary>The copy of the character photo a job reads (uploaded or copied at submission).</summary>
    public static BlobReference CharacterPhoto(string jobId) => new(Inputs, $"{jobId}/character-photo");

    /// <summary>The copy of a template-mode job's template photo.</summary>
    public static BlobReference TemplatePhoto(string jobId) => new(Inputs, $"{jobId}/template-photo");

    /// <summary>The copy of the character photo drawn into template face <paramref name="faceIndex"/>.</summary>
    public static BlobReference TemplateCharacterPhoto(string jobId, int faceIndex) => new(Inputs, $"{jobId}/character-photo-{Number(faceIndex)}");

    /// <summary>The template's faces as detected once and pinned for the whole job.</summary>
    public static BlobReference TemplateFaces(string jobId) => new(Work, $"{jobId}/template-faces.json");

    /// <summary>faces.json of the character photo for template face <paramref name="faceIndex"/>.</summary>
    public static BlobReference PersonFaces(string jobId, int faceIndex) => new(Work, $"{jobId}/person-{Number(faceIndex)}/faces.json");

    /// <summary>identity.bin of the character photo for template face <paramref name="faceIndex"/>.</summary>
    public static BlobReference PersonIdentity(string jobId, int faceIndex) => new(Work, $"{jobId}/person-{Number(faceIndex)}/identity.bin");

    /// <summary>Variant <paramref name="variant"/>'s template after its redraw step <paramref name="step"/> (0-based, in request order).</summary>
    public static BlobReference RedrawStep(string jobId, int variant, int step) =>
        new(Work, $"{jobId}/variant-{Number(variant)}/after-face-step-{Number(step)}.png");
    /// <summary>The copy of a pose job's reference photo (uploaded or copied at submission).</summary>
    public static BlobReference PosePhoto(string jobId) => new(Inputs, $"{jobId}/pose-photo");

    /// <summary>The OpenPose control image EstimatePose draws from the pose photo.</summary>
    public static BlobReference PoseControl(string jobId) => new(Work, $"{jobId}/pose-control.png");

    public static BlobReference Request(string jobId) => new(Jobs, $"{jobId}/request.json");

    public static BlobReference Faces(string jobId) => new(Work, $"{jobId}/faces.json");

    public static BlobReference Identity(string jobId) => new(Work, $"{jobId}/identity.bin");

    public static BlobReference WorkImage(string jobId, int index) => new(Work, $"{jobId}/image-{index.ToString(CultureInfo.InvariantCulture)}.png");

    /// <summary>
    /// Attempt <paramref name="attempt"/> (from 1) of image k under the identity check; the first is <see cref="WorkImage(string, int)"/>,
    /// later ones keep their own blobs so the best attempt can be published.
    /// </summary>
    public static BlobReference WorkImage(string jobId, int index, int attempt) => attempt <= 1
        ? WorkImage(jobId, index)
        : new(Work, string.Create(CultureInfo.InvariantCulture, $"{jobId}/image-{index}-attempt-{attempt}.png"));

    /// <summary>Image k with the character's face fused onto it.</summary>
    public static BlobReference FusedImage(string jobId, int index) =>
        new(Work, string.Create(CultureInfo.InvariantCulture, $"{jobId}/image-{index}-fused.png"));

    public static BlobReference Portrait(string jobId, int index) => new(Outputs, $"{jobId}/portrait-{index.ToString(CultureInfo.InvariantCulture)}.png");

    public static BlobReference Result(string jobId) => new(Outputs, $"{jobId}/result.json");

    public static BlobReference StyleDocument(string styleId) => new(Styles, $"{styleId}/{StyleDocumentName}");

    /// <summary>A file of a blob style's folder (its LoRA or preview image), named relative to the folder.</summary>
    public static BlobReference StyleFile(string styleId, string file) => new(Styles, $"{styleId}/{file}");

    /// <summary>Where uploaded custom LoRAs live in the inputs container (never a job's photo or manifest).</summary>
    public const string UploadedLoraPrefix = "loras/";

    /// <summary>An uploaded custom LoRA, named by the sha256 of its bytes, so the same file uploaded twice is one blob.</summary>
    public static BlobReference UploadedLora(string sha256) => new(Inputs, $"{UploadedLoraPrefix}{sha256.ToLowerInvariant()}.safetensors");

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The prefix under which every blob of a job lives in a container.</summary>
    public static string JobPrefix(string jobId) => jobId + "/";
}
