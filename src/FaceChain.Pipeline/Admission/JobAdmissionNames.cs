namespace FaceChain.Pipeline.Admission;

/// <summary>The admission orchestrator's registered name (the Functions app's function name too).</summary>
public static class JobAdmissionNames
{
    public const string Orchestrator = "JobAdmission";
}
