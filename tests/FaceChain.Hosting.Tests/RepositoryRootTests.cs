namespace FaceChain.Hosting.Tests;

public sealed class RepositoryRootTests
{
    [Fact]
    public void TheTestAssemblyLivesUnderTheRepositoryWithTheNpmManifest()
    {
        var root = RepositoryRoot.FindFromApplication();

        Assert.NotNull(root);
        Assert.True(File.Exists(Path.Combine(root, "package.json")));
        Assert.True(File.Exists(Path.Combine(root, "FaceChain.Functions.sln")));
    }

    [Fact]
    public void AFolderOutsideAnyRepositoryHasNoRoot()
    {
        var folder = Directory.CreateTempSubdirectory("facechain-no-root-");
        try
        {
            Assert.Null(RepositoryRoot.Find(folder.FullName));
        }
        finally
        {
            folder.Delete();
        }
    }
}
