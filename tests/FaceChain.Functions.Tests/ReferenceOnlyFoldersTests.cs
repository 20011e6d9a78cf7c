using FaceChain.Functions.Uploads;

namespace FaceChain.Functions.Tests;

/// <summary>Which inputs/ blob names are references only: a top-level folder of <see cref="ReferenceOnlyFolders.All"/>, matched exactly.</summary>
public sealed class ReferenceOnlyFoldersTests
{
    [Theory]
    [InlineData("api/me.jpg", true)]
    [InlineData("api/web/2026/me.jpg", true)]
    [InlineData("api/job.json", true)]
    [InlineData("loras/0123abcd.safetensors", true)]
    [InlineData("loras/trip/job.json", true)]
    [InlineData("api", false)]
    [InlineData("api.jpg", false)]
    [InlineData("apiary/me.jpg", false)]
    [InlineData("API/me.jpg", false)]
    [InlineData("trip/api/me.jpg", false)]
    [InlineData("/api/me.jpg", false)]
    public void A_name_is_reference_only_when_its_first_folder_is_listed(string name, bool referenceOnly) =>
        Assert.Equal(referenceOnly, ReferenceOnlyFolders.Contains(name));
}
