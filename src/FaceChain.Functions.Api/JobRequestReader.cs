using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using FaceChain.Pipeline.Contracts;
using Microsoft.AspNetCore.Http;

namespace FaceChain.Functions.Api;

/// <summary>
/// Reads a <see cref="PortraitJobRequest"/> from a request body: size-capped before anything is buffered (the cap
/// allows one inline photo at the limit, base64-encoded, plus the rest of the request), then JSON syntax, then types.
/// Each failure is one <see cref="ValidationError"/> naming the field; contract checks are the validator's job.
/// </summary>
public static class JobRequestReader
{
    private const int JsonOverheadBytes = 64 * 1024;

    // Fields whose JSON value is an enum name: a wrong name there is an unknown value, not a type error.
    private static readonly Dictionary<string, Type> EnumFields = new(StringComparer.Ordinal)
    {
        ["mode"] = typeof(JobMode),
        ["sampler"] = typeof(PortraitSampler),
    };

    /// <summary>The largest body accepted for <paramref name="limits"/>.</summary>
    public static long MaxBodyBytes(JobRequestLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return ((long)limits.MaxInlinePhotoBytes + 2) / 3 * 4 + JsonOverheadBytes;
    }

    public static async Task<(PortraitJobRequest? Request, ValidationError? Error)> ReadAsync(
        HttpRequest request, JobRequestLimits limits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var max = MaxBodyBytes(limits);
        if (request.ContentLength > max)
        {
            return (null, TooLarge(request.ContentLength.Value, max));
        }

        var body = await RequestBody.ReadCappedAsync(request.Body, max, cancellationToken);
        if (body is null)
        {
            return (null, TooLarge(null, max));
        }

        if (body.Length == 0)
        {
            return (null, new ValidationError("", ValidationCodes.Required, "the request body is required: a JSON portrait job request"));
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            return (null, new ValidationError("", ApiErrorCodes.MalformedJson,
                $"the request body is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})"));
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, new ValidationError("", ApiErrorCodes.MalformedJson, "the request body must be a JSON object"));
            }

            try
            {
                return (document.RootElement.Deserialize<PortraitJobRequest>(PipelineJson.Options), null);
            }
            catch (JsonException e)
            {
                return (null, TypeError(e));
            }
        }
    }

    private static ValidationError TooLarge(long? size, long max) => new("", ValidationCodes.TooLarge,
        $"the request body is {(size is { } s ? $"{s} bytes" : "larger than the limit")}; the limit is {max} bytes (upload large photos as blobs to the inputs container)");

    private static ValidationError TypeError(JsonException e)
    {
        var field = e.Path is null or "$" ? "" : e.Path.StartsWith("$.", StringComparison.Ordinal) ? e.Path[2..] : e.Path;
        if (EnumFields.TryGetValue(field, out var enumType))
        {
            return new ValidationError(field, ValidationCodes.UnknownValue, $"{field} must be one of: {string.Join(", ", JsonNames(enumType))}");
        }

        return new ValidationError(field, ApiErrorCodes.InvalidValue,
            field.Length == 0 ? "the request body does not match the portrait job request schema" : $"{field} has a value of the wrong type or format");
    }

    private static IEnumerable<string> JsonNames(Type enumType) =>
        enumType.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? f.Name);
}
