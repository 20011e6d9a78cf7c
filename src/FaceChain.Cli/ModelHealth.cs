using FaceChain.Inference;

namespace FaceChain.Cli;

/// <summary>Where a model was found (the file the resolver would use) and whether it is intact.</summary>
/// <param name="Path">The file checked; null when no candidate location holds it.</param>
/// <param name="Detail">Why it is not ok, naming the file or the folders searched.</param>
public sealed record ModelHealth(ModelDescriptor Model, ModelHealthStatus Status, string? Path, string? Detail)
{
    /// <summary>
    /// Checks the first existing candidate in the resolver's search order, as <see cref="ModelResolver.Resolve"/>
    /// would, but reports instead of throwing and never downloads.
    /// </summary>
    public static ModelHealth Check(ModelResolver resolver, ModelDescriptor model)
    {
        var candidates = resolver.CandidatePaths(model).ToList();
        foreach (var path in candidates.Where(File.Exists))
        {
            var full = System.IO.Path.GetFullPath(path);
            try
            {
                FileHashVerifier.Verify(full, model.Sha256, model.SizeBytes);
                return new ModelHealth(model, ModelHealthStatus.Ok, full, null);
            }
            catch (ModelIntegrityException e)
            {
                return new ModelHealth(model, ModelHealthStatus.HashMismatch, full, e.Message);
            }
        }

        return new ModelHealth(model, ModelHealthStatus.Missing, null,
            $"'{model.RelativePath}' is in none of: {string.Join(", ", candidates.Select(c => System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(c))).Distinct())}");
    }
}
