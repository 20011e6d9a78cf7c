using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Storage;
using FaceChain.Pipeline.Styles;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace FaceChain.Functions.Api;

/// <summary>GET /api/styles: the styles a job may name, built-in and blob (styles/{id}/style.json); a rejected style.json is left out and logged.</summary>
public sealed class StylesApi(StyleLibrary styles)
{
    public async Task<IActionResult> ListAsync(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var catalog = await styles.LoadCatalogAsync(request.HttpContext.RequestAborted);
        return ApiJsonResult.Ok(new StyleList([.. catalog.All.Select(View)]));
    }

    private StyleView View(PortraitStyle style) => new(style.Id, style.DisplayName, style.DefaultFaceScale, style.Lora is not null)
    {
        Source = styles.BuiltIn.Contains(style.Id) ? StyleView.BuiltIn : StyleView.Storage,
        Description = style.Description,
        LoraMultiplier = style.Lora?.DefaultMultiplier,
        Sampler = style.Sampler?.ContractName(),
        Steps = style.Steps,
        GuidanceScale = style.GuidanceScale,
        PreviewImage = style.PreviewImage is { } preview ? BlobLayout.StyleFile(style.Id, preview).ToString() : null,
    };
}
