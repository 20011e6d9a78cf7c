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
}
