using System.Text;
using System.Text.Json;
using FaceChain.Pipeline.Contracts;
using FaceChain.Pipeline.Orchestration;

namespace FaceChain.Pipeline.Tests;

public class ContractJsonTests
{
    [Fact]
    public void Requests_read_camel_case_json_with_enum_names_and_inline_base64()
    {
        const string Json = """
            {
              "mode": "multiTemplate",
              "characterPhoto": { "data": "AQID" },
              "templatePhoto": { "blob": { "container": "inputs", "name": "t/group.jpg" } },
              "faces": [{ "faceIndex": 2, "characterPhoto": { "blob": { "container": "inputs", "name": "a.jpg" } } }],
              "strength": 0.4,
              "sampler": "eulerAncestral",
              "count": 3,
              "faceScale": 0.5,
              "seed": 18446744073709551615
            }
            """;
        var request = PipelineJson.Deserialize<PortraitJobRequest>(Encoding.UTF8.GetBytes(Json), "request");
        Assert.Equal(JobMode.MultiTemplate, request.Mode);
        Assert.Equal([1, 2, 3], request.CharacterPhoto!.Data);
        Assert.Equal(new BlobReference("inputs", "t/group.jpg"), request.TemplatePhoto!.Blob);
        Assert.Equal((2, "a.jpg"), (request.Faces![0].FaceIndex, request.Faces[0].CharacterPhoto!.Blob!.Name));
        Assert.Equal(0.4f, request.Strength);
        Assert.Equal(PortraitSampler.EulerAncestral, request.Sampler);
        Assert.Equal((3, 0.5f, ulong.MaxValue), (request.Count, request.FaceScale!.Value, request.Seed!.Value));
    }

    [Fact]
    public void Requests_write_camel_case_and_enum_names()
    {
        var json = Encoding.UTF8.GetString(PipelineJson.Serialize(new PortraitJobRequest { Mode = JobMode.CustomLora, StyleId = "anime", Sampler = PortraitSampler.DpmPlusPlus2MKarras }));
        Assert.Contains("\"mode\": \"customLora\"", json, StringComparison.Ordinal);
        Assert.Contains("\"sampler\": \"dpmpp2mKarras\"", json, StringComparison.Ordinal);
        Assert.Contains("\"styleId\": \"anime\"", json, StringComparison.Ordinal);

        // Left-out steps and guidance stay out (they mean "the style's recommendation"), rather than being written as a default.
        Assert.DoesNotContain("\"steps\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"guidanceScale\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_mode_is_a_json_error_naming_the_document()
    {
        var e = Assert.Throws<InvalidDataException>(() =>
            PipelineJson.Deserialize<PortraitJobRequest>("{\"mode\":\"sculpture\"}"u8, "request"));
        Assert.Contains("request", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Progress_round_trips_through_its_custom_status_form()
    {
        var progress = new PortraitJobProgress("generateImages", 1, 3, 48, new Dictionary<string, double> { ["detectFaces"] = 12.5 });
        var serialized = JsonSerializer.Serialize(progress.ToCustomStatus());
        Assert.Contains("\"imagesDone\":1", serialized.Replace(" ", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        var parsed = PortraitJobProgress.Parse(serialized)!;
        Assert.Equal((progress.Stage, progress.ImagesDone, progress.ImagesTotal, progress.Percent), (parsed.Stage, parsed.ImagesDone, parsed.ImagesTotal, parsed.Percent));
        Assert.Equal(12.5, parsed.StageTimingsMs["detectFaces"]);
        Assert.Null(PortraitJobProgress.Parse(null));
    }
}
