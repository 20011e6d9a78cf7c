using System.Text;
using FaceChain.Functions.Api;
using FaceChain.Pipeline.Contracts;
using FaceChain.Testing;

namespace FaceChain.Functions.Tests;

/// <summary>
/// POST /api/faces (a photo's faces before any job) and GET /api/modes (what the server runs, for clients to build
/// their controls from), on every host of the API (<see cref="FunctionsFacesAndModesTests"/>, <see cref="ServeFacesAndModesTests"/>).
/// </summary>
public abstract class FacesAndModesTests : IAsyncLifetime
{
    private IApiHost _host = null!;

    protected abstract Task<IApiHost> AcquireHostAsync();

    protected abstract ValueTask ReleaseHostAsync(IApiHost host);

    public async Task InitializeAsync() => _host = await AcquireHostAsync();

    public async Task DisposeAsync() => await ReleaseHostAsync(_host);

    private Task<ApiResponse> FacesAsync(byte[] body, string contentType = "image/jpeg") => _host.SendAsync("POST", "api/faces", body, contentType);

    [Fact]
    public async Task A_portrait_has_one_face_with_its_box_landmarks_and_quality_and_it_is_the_chosen_one()
    {
        var response = await FacesAsync(TestRequests.Photo(2));

        Assert.Equal(200, response.StatusCode);
        var (width, height) = (response.Body.GetProperty("imageWidth").GetInt32(), response.Body.GetProperty("imageHeight").GetInt32());
        var face = Assert.Single(response.Body.GetProperty("faces").EnumerateArray());
        Assert.Equal((0, 0), (face.GetProperty("index").GetInt32(), response.Body.GetProperty("chosenIndex").GetInt32()));
        var box = face.GetProperty("box");
        var (x, y, w, h) = (box.GetProperty("x").GetSingle(), box.GetProperty("y").GetSingle(), box.GetProperty("width").GetSingle(), box.GetProperty("height").GetSingle());
        Assert.True(x >= 0 && y >= 0 && x + w <= width + 1 && y + h <= height + 1 && w > width / 10f, $"box {x},{y} {w}x{h} in {width}x{height}");
        var landmarks = face.GetProperty("landmarks").EnumerateArray().ToList();
        Assert.Equal(5, landmarks.Count);
        Assert.All(landmarks, p => Assert.InRange(p.GetProperty("x").GetSingle(), x, x + w));
        Assert.True(face.GetProperty("quality").GetProperty("acceptable").GetBoolean());
    }

    [Fact]
    public async Task A_group_photo_lists_every_face_in_reading_order()
    {
        var response = await FacesAsync(File.ReadAllBytes(SharedAssets.GroupOfFive));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal([0, 1, 2, 3, 4], response.Body.GetProperty("faces").EnumerateArray().Select(f => f.GetProperty("index").GetInt32()));
    }

    [Fact]
    public async Task Text_given_as_a_photo_is_400_invalidImage_and_an_empty_body_400_required()
    {
        var text = await FacesAsync(Encoding.UTF8.GetBytes("these are notes, not a photo"), "text/plain");
        var empty = await FacesAsync([]);

        Assert.Equal((400, 400), (text.StatusCode, empty.StatusCode));
        Assert.Equal(("", ApiErrorCodes.InvalidImage), text.SingleError());
        Assert.Equal(("", ValidationCodes.Required), empty.SingleError());
    }

    [Fact]
    public async Task A_photo_without_a_face_is_400_noFaceFound_and_one_over_the_inline_limit_400_tooLarge()
    {
        var scene = await FacesAsync(File.ReadAllBytes(SharedAssets.Image("scenes/pexels-elena-zhuravleva-1457812.jpg")));
        var oversized = new byte[FunctionsFixture.MaxInlinePhotoBytes + 1];
        TestRequests.Photo().CopyTo(oversized, 0);
        var large = await FacesAsync(oversized);

        Assert.Equal(("", ApiErrorCodes.NoFaceFound), scene.SingleError());
        Assert.Equal(("", ValidationCodes.TooLarge), large.SingleError());
        Assert.Contains($"the limit is {FunctionsFixture.MaxInlinePhotoBytes} bytes", large.SingleErrorMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Modes_lists_every_mode_of_the_contract_with_what_the_validator_accepts_and_the_limits()
    {
        var response = await _host.SendAsync("GET", "api/modes");

        Assert.Equal(200, response.StatusCode);
        var modes = response.Body.GetProperty("modes").EnumerateArray().ToList();
        Assert.Equal(["style", "pose", "template", "multiTemplate", "customLora"], modes.Select(m => m.GetProperty("id").GetString()));
        var validator = new JobRequestValidator(Pipeline.Styles.StyleCatalog.BuiltIn);
        foreach (var (mode, view) in Enum.GetValues<JobMode>().Zip(modes))
        {
            var refused = validator.Validate(new PortraitJobRequest { Mode = mode }).Any(e => e.Code == ValidationCodes.NotSupportedYet);
            Assert.Equal(!refused, view.GetProperty("supported").GetBoolean());
        }

        Assert.Equal(["styleId"], modes[0].GetProperty("inputs").EnumerateArray().Select(i => i.GetProperty("field").GetString()));
        Assert.Contains(modes[1].GetProperty("inputs").EnumerateArray(), i => i.GetProperty("field").GetString() == "posePhoto" && i.GetProperty("kind").GetString() == ModeInputs.Photo);
        var limits = response.Body.GetProperty("limits");
        Assert.Equal(FunctionsFixture.MaxInlinePhotoBytes, limits.GetProperty("maxInlinePhotoBytes").GetInt32());
        Assert.Equal(8, limits.GetProperty("maxCount").GetInt32());
    }
}
