using System.Globalization;
using System.Text;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Engines;

namespace FaceChain.Pipeline.Templates;

/// <summary>The template's faces, detected once and pinned for every redraw of the job (work/{jobId}/template-faces.json).</summary>
public sealed record TemplateFacesSummary(BlobReference FacesBlob, int ImageWidth, int ImageHeight, IReadOnlyList<FaceSummary> Faces)
{
    /// <summary>"5 face(s) found: 0 at (x 12, y 30, 80x96), …" — what a caller needs to pick a valid index.</summary>
    public static string Describe(IReadOnlyList<FaceSummary> faces)
    {
        ArgumentNullException.ThrowIfNull(faces);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{faces.Count} face(s) found");
        for (var i = 0; i < faces.Count; i++)
        {
            var b = faces[i].Box;
            text.Append(i == 0 ? ": " : ", ");
            text.Append(CultureInfo.InvariantCulture, $"{faces[i].Index} at (x {b.X:0}, y {b.Y:0}, {b.Width:0}x{b.Height:0})");
        }

        return text.ToString();
    }
}
