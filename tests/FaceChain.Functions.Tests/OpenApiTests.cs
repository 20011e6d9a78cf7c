using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using FaceChain.Functions.Api;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Identity;
using FaceChain.Pipeline.Orchestration;

namespace FaceChain.Functions.Tests;

/// <summary>docs/api/openapi.json describes the real app: the routes and methods in functions.metadata, and the JSON the code reads and writes.</summary>
public sealed class OpenApiTests
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options"];
    private readonly JsonElement _document = JsonDocument.Parse(File.ReadAllBytes(BuildFiles.Repository("docs/api/openapi.json"))).RootElement;

    private IEnumerable<(string Path, string Method, JsonElement Operation)> Operations() =>
        _document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Where(m => Methods.Contains(m.Name)).Select(m => (path.Name, m.Name, m.Value)));

    private JsonElement Schema(string name) => _document.GetProperty("components").GetProperty("schemas").GetProperty(name);

    [Fact]
    public void Every_documented_operation_is_an_http_function_with_that_route_and_method_and_vice_versa()
    {
        var documented = Operations().Select(o => (o.Path, o.Method, o.Operation.GetProperty("operationId").GetString()!)).Order();

        Assert.Equal(FunctionsMetadata.Load().HttpOperations(), documented);
    }

    [Fact]
    public void Every_operation_needs_a_function_key_and_documents_its_errors_with_the_error_body()
    {
        var schemes = _document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("code", schemes.GetProperty("functionKey").GetProperty("name").GetString());
        Assert.Equal("x-functions-key", schemes.GetProperty("functionKeyHeader").GetProperty("name").GetString());
        Assert.Equal(2, _document.GetProperty("security").GetArrayLength());

        // Only the web page opts out of the key (security: []), and it is exactly the app's anonymous function.
        var anonymous = Operations().Where(o => o.Operation.TryGetProperty("security", out var s) && s.GetArrayLength() == 0).Select(o => o.Operation.GetProperty("operationId").GetString());
        Assert.Equal([FunctionNames.WebPage], anonymous);
        foreach (var (path, method, operation) in Operations().Where(o => !o.Operation.TryGetProperty("security", out _)))
        {
            var responses = operation.GetProperty("responses");
            Assert.True(responses.TryGetProperty("401", out _), $"{method} {path} does not document 401");
            foreach (var response in responses.EnumerateObject().Where(r => r.Name[0] == '4' && r.Name != "401"))
            {
                var reference = response.Value.GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString();
                Assert.Equal("#/components/schemas/ApiErrorBody", reference);
            }

            if (path.Contains("{id}", StringComparison.Ordinal))
            {
                Assert.Contains(operation.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "id" && p.GetProperty("in").GetString() == "path");
                Assert.True(responses.TryGetProperty("404", out _), $"{method} {path} does not document 404");
            }
        }
    }

    [Theory]
    [InlineData("PortraitJobRequest", typeof(PortraitJobRequest))]
    [InlineData("PhotoSource", typeof(PhotoSource))]
    [InlineData("BlobReference", typeof(BlobReference))]
    [InlineData("JobAccepted", typeof(JobAccepted))]
    [InlineData("DurableStatusLinks", typeof(DurableStatusLinks))]
    [InlineData("JobStatusView", typeof(JobStatusView))]
    [InlineData("JobProgress", typeof(PortraitJobProgress))]
    [InlineData("JobOutputView", typeof(JobOutputView))]
    [InlineData("StyleView", typeof(StyleView))]
    [InlineData("StyleList", typeof(StyleList))]
    [InlineData("LoraUploaded", typeof(LoraUploaded))]
    [InlineData("ApiError", typeof(ValidationError))]
    [InlineData("ApiErrorBody", typeof(ApiErrorBody))]
    [InlineData("FaceList", typeof(FaceList))]
    [InlineData("FaceSummary", typeof(Pipeline.Engines.FaceSummary))]
    [InlineData("FaceQuality", typeof(Pipeline.Engines.FaceQualitySummary))]
    [InlineData("ModeList", typeof(ModeList))]
    [InlineData("ModeView", typeof(ModeView))]
    [InlineData("ModeInput", typeof(ModeInput))]
    [InlineData("RequestLimits", typeof(JobRequestLimits))]
    [InlineData("IdentityCheckRequest", typeof(IdentityCheckRequest))]
    [InlineData("ImageIdentity", typeof(ImageIdentity))]
    [InlineData("IdentityAttempt", typeof(IdentityAttempt))]
    [InlineData("OutputIdentity", typeof(OutputIdentity))]
    public void Each_schema_has_exactly_the_json_properties_of_its_type(string schema, Type type)
    {
        var documented = Schema(schema).GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal);
        var actual = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<JsonIgnoreAttribute>() is null)
            .Select(p => PipelineJson.Options.PropertyNamingPolicy!.ConvertName(p.Name))
            .Order(StringComparer.Ordinal);

        Assert.Equal(actual, documented);
    }

    [Theory]
    [InlineData("mode", typeof(JobMode))]
    [InlineData("sampler", typeof(PortraitSampler))]
    [InlineData("faceFusion", typeof(FaceFusionMode))]
    public void Enum_values_are_the_contracts_json_names(string property, Type enumType)
    {
        var documented = Schema("PortraitJobRequest").GetProperty("properties").GetProperty(property).GetProperty("enum").EnumerateArray().Select(e => e.GetString());
        var actual = enumType.GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()!.Name);

        Assert.Equal(actual, documented);
    }

    [Fact]
    public void The_documented_error_codes_are_every_code_the_api_can_return()
    {
        var documented = Schema("ApiError").GetProperty("properties").GetProperty("code").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!);
        var actual = new[] { typeof(ValidationCodes), typeof(ApiErrorCodes) }
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!));

        Assert.Equal(actual.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal), documented.Order(StringComparer.Ordinal));
    }
}
