namespace FaceChain.Pipeline.Admission;

/// <summary>What a job tells the admission orchestration: it asks to run (<see cref="Request"/>) or it is done (<see cref="Release"/>).</summary>
public sealed record AdmissionMessage(string Kind, string JobId)
{
    public const string Request = "request";
    public const string Release = "release";

    /// <summary>The one event name the gate waits on, so requests and releases keep their arrival order.</summary>
    public const string EventName = "admission";

    /// <summary>The event the gate sends a job when it may run.</summary>
    public const string AdmittedEventName = "admitted";

    /// <summary>
    /// A request's place in line: when the job was submitted (UTC, the submitter's clock). Jobs of a burst reach the gate
    /// in whatever order the engine runs their first steps, so the gate lines them up by this, not by arrival. Null
    /// (a release, or a job submitted without a stamp): the request lines up as it arrives.
    /// </summary>
    public DateTime? SubmittedUtc { get; init; }
}
