using System.Reflection;
using System.Text.Json.Serialization;
using FaceChain.Pipeline.Contracts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace FaceChain.Functions.Api;

/// <summary>
/// GET /api/modes: every job mode of the contract, whether this server runs it, and the request fields it needs, plus
/// the request limits — so a client (the web page) builds its controls from the server instead of a hard-coded list.
/// Whether a mode is supported is asked of the validator itself (a mode it refuses as not supported yet is listed as
/// unsupported), so a mode becomes available here the moment the pipeline accepts it.
/// </summary>
public sealed class ModesApi(JobRequestValidator validator)
{
    public Task<IActionResult> ListAsync(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var modes = Enum.GetValues<JobMode>().Select(m => new ModeView(JsonName(m), IsSupported(m), ModeInputs.For(m))).ToList();
        return Task.FromResult<IActionResult>(ApiJsonResult.Ok(new ModeList(modes, validator.Limits)));
    }

    /// <summary>Validates an empty request in <paramref name="mode"/>: the mode is supported unless the validator says "not supported yet".</summary>
    public bool IsSupported(JobMode mode) =>
        !validator.Validate(new PortraitJobRequest { Mode = mode }).Any(e => e.Field == "mode" && e.Code == ValidationCodes.NotSupportedYet);

    private static string JsonName(JobMode mode) =>
        typeof(JobMode).GetField(mode.ToString())!.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? mode.ToString();
}
