using System.Text.Json;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Orchestration;
using FaceChain.Testing;
using Microsoft.DurableTask.Client;

namespace FaceChain.Functions.Tests;

/// <summary>Template-family jobs through the HTTP functions: a multiTemplate job end to end, and the 400s for bad face mappings.</summary>
[Collection(FunctionsCollection.Name)]
public sealed class TemplateApiTests(FunctionsFixture fixture)
{
    private static readonly string Group = Convert.ToBase64String(File.ReadAllBytes(SharedAssets.GroupOfFive));

    private static Task<ApiResponse> SubmitAsync(FunctionsTestHost host, object request) =>
        ApiCall.SendAsync(ApiCall.Json("POST", "/api/portraits", JsonSerializer.Serialize(request)), r => host.Api.SubmitAsync(r, host.Client));

    private static object Inline(int photo) => new { data = Convert.ToBase64String(TestRequests.Photo(photo)) };

    private static object MultiTemplate(params (int Face, int Photo)[] faces) => new
    {
        mode = "multiTemplate",
        templatePhoto = new { data = Group },
        faces = faces.Select(f => new { faceIndex = f.Face, characterPhoto = Inline(f.Photo) }).ToArray(),
        width = 64,
        height = 64,
        steps = 4,
        seed = 808,
    };

    [Fact]
    public async Task A_multiTemplate_job_completes_and_its_result_lists_pinned_boxes_and_each_faces_source()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);

        var accepted = await SubmitAsync(host, MultiTemplate((3, 0), (1, 1), (0, 2)));

        Assert.Equal(202, accepted.StatusCode);
        var jobId = accepted.Body.GetProperty("jobId").GetString()!;
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await host.WaitAsync(jobId)).RuntimeStatus);
        var status = await ApiCall.SendAsync(ApiCall.Request("GET", $"/api/portraits/{jobId}"), r => host.Api.GetAsync(r, jobId, host.Client));
        Assert.Equal(PortraitStages.Completed, status.Body.GetProperty("progress").GetProperty("stage").GetString());
        using var http = new HttpClient();
        using var result = JsonDocument.Parse(await http.GetByteArrayAsync(new Uri(status.Body.GetProperty("resultUrl").GetString()!)));
        var template = result.RootElement.GetProperty("template");
        Assert.Equal(5, template.GetProperty("facesFound").GetArrayLength());
        var faces = template.GetProperty("faces").EnumerateArray().ToList();
        Assert.Equal([3, 1, 0], faces.Select(f => f.GetProperty("faceIndex").GetInt32()));
        Assert.Equal(
            [$"{jobId}/character-photo-3", $"{jobId}/character-photo-1", $"{jobId}/character-photo-0"],
            faces.Select(f => f.GetProperty("characterPhoto").GetProperty("name").GetString()));
        Assert.All(faces, f => Assert.True(f.GetProperty("box").GetProperty("width").GetSingle() > 0));
        Assert.Equal(3, template.GetProperty("steps").GetArrayLength());
    }

    [Fact]
    public async Task Bad_face_mappings_are_400s_and_schedule_nothing()
    {
        await using var host = await FunctionsTestHost.StartAsync(fixture);

        var outOfRange = await SubmitAsync(host, new
        {
            mode = "template",
            templatePhoto = new { data = Group },
            characterPhoto = Inline(0),
            faceIndex = 5,
            width = 64,
            height = 64,
        });
        Assert.Equal(400, outOfRange.StatusCode);
        Assert.Equal(("faceIndex", ValidationCodes.FaceIndexOutOfRange), outOfRange.SingleError());
        Assert.Matches(@"^the template photo has no face 5: 5 face\(s\) found: 0 at \(x \d+, y \d+, \d+x\d+\), 1 at .*4 at \(x \d+, y \d+, \d+x\d+\)$", outOfRange.SingleErrorMessage());

        var duplicate = await SubmitAsync(host, MultiTemplate((1, 0), (1, 1)));
        Assert.Equal(400, duplicate.StatusCode);
        Assert.Equal(("faces[1].faceIndex", ValidationCodes.Duplicate), duplicate.SingleError());

        // Blob references keep the nine-photo body small; validation refuses it before any blob is read.
        var nine = await SubmitAsync(host, new
        {
            mode = "multiTemplate",
            templatePhoto = new { data = Group },
            faces = Enumerable.Range(0, 9).Select(i => new { faceIndex = i, characterPhoto = new { blob = new { container = "inputs", name = $"api/p{i}.jpg" } } }).ToArray(),
            width = 64,
            height = 64,
        });
        Assert.Equal(400, nine.StatusCode);
        Assert.Equal(("faces", ValidationCodes.OutOfRange), nine.SingleError());

        Assert.Empty(await host.InstancesAsync());
    }
}
