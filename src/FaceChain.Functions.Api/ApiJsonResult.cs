using System.Text.Json;
using FaceChain.Pipeline.Contracts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace FaceChain.Functions.Api;

/// <summary>
/// A JSON response in the pipeline's JSON form (<see cref="PipelineJson.Options"/>), written straight to the response
/// so it needs no MVC formatters (and runs the same under the host and in tests).
/// </summary>
public sealed class ApiJsonResult(int statusCode, object value, IReadOnlyDictionary<string, string>? headers = null) : IActionResult
{
    public int StatusCode { get; } = statusCode;

    public object Value { get; } = value;

    public IReadOnlyDictionary<string, string> Headers { get; } = headers ?? new Dictionary<string, string>();

    public static ApiJsonResult Ok(object value) => new(StatusCodes.Status200OK, value);

    public static ApiJsonResult Errors(int statusCode, IReadOnlyList<ValidationError> errors) => new(statusCode, new ApiErrorBody(errors));

    public static ApiJsonResult Error(int statusCode, string field, string code, string message) => Errors(statusCode, [new ValidationError(field, code, message)]);

    public static ApiJsonResult JobNotFound(string id) =>
        Error(StatusCodes.Status404NotFound, "id", ValidationCodes.NotFound, $"there is no portrait job '{id}'");

    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.HttpContext.Response;
        var body = JsonSerializer.SerializeToUtf8Bytes(Value, Value.GetType(), PipelineJson.Options);
        response.StatusCode = StatusCode;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = body.Length;
        foreach (var (name, headerValue) in Headers)
        {
            response.Headers[name] = headerValue;
        }

        await response.Body.WriteAsync(body, context.HttpContext.RequestAborted);
    }
}
