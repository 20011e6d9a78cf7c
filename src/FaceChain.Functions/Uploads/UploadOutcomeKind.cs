namespace FaceChain.Functions.Uploads;

/// <summary>What an upload event led to.</summary>
public enum UploadOutcomeKind
{
    /// <summary>A new job was scheduled.</summary>
    Started,

    /// <summary>The job this upload stands for already exists (a re-delivered event, or the same photo and request again).</summary>
    AlreadyStarted,

    /// <summary>A manifest whose photo has not arrived yet; the photo's own event will start the job.</summary>
    WaitingForPhoto,

    /// <summary>Not an upload that starts jobs (reference-only folders, the pipeline's own copies, other file types).</summary>
    Ignored,

    /// <summary>The upload asks for something invalid; retrying cannot help, so the event is consumed and logged.</summary>
    Rejected,
}
