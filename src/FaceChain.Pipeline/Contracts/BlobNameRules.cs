namespace FaceChain.Pipeline.Contracts;

/// <summary>
/// What a caller-supplied blob name may look like: relative, '/'-separated, no empty, "." or ".." segments,
/// no backslashes, colons or control characters. The same rule guards <see cref="Storage.LocalFolderBlobStore"/>
/// paths, so a name can never leave its container.
/// </summary>
public static class BlobNameRules
{
    /// <summary>Null when <paramref name="name"/> is acceptable, otherwise why not.</summary>
    public static string? Problem(string? name, int maxLength = 1024)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "the blob name is empty";
        }

        if (name.Length > maxLength)
        {
            return $"the blob name is {name.Length} characters long; the limit is {maxLength}";
        }

        if (name.StartsWith('/'))
        {
            return "the blob name must be relative (it starts with '/')";
        }

        foreach (var c in name)
        {
            if (c == '\\' || c == ':' || char.IsControl(c))
            {
                return "the blob name contains a backslash, a colon or a control character";
            }
        }

        foreach (var segment in name.Split('/'))
        {
            if (segment.Length == 0 || segment == "." || segment == "..")
            {
                return "the blob name has an empty, '.' or '..' path segment";
            }
        }

        return null;
    }
}
