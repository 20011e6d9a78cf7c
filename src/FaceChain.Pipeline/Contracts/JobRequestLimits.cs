namespace FaceChain.Pipeline.Contracts;

/// <summary>The bounds a request is checked against. <see cref="ImageSizeMultiple"/> comes from the model set.</summary>
public sealed record JobRequestLimits
{
    public int MaxCount { get; init; } = 8;

    public int MaxSide { get; init; } = 1024;

    public int ImageSizeMultiple { get; init; } = 8;

    public int MaxSteps { get; init; } = 100;

    public float MaxGuidanceScale { get; init; } = 20f;

    public float MaxFaceScale { get; init; } = 1.5f;

    /// <summary>Largest inline (base64) photo accepted; bigger photos must be uploaded as blobs.</summary>
    public int MaxInlinePhotoBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Largest photo blob read at submission and by the activities.</summary>
    public long MaxPhotoBytes { get; init; } = 20L * 1024 * 1024;

    /// <summary>Longest blob name (Azure's own limit is 1024 characters).</summary>
    public int MaxBlobNameLength { get; init; } = 1024;

    /// <summary>Most images one output may take under the identity check (each is a full generation).</summary>
    public int MaxIdentityAttempts { get; init; } = 5;
}
