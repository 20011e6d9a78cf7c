using Microsoft.DurableTask;

namespace FaceChain.Pipeline.Admission;

/// <summary>
/// The gate's slot a running job holds. The job gives it back as soon as its heavy work is done (before publishing, a
/// couple of blob copies), so the next job starts while this one finishes; <see cref="JobAdmission.RunAdmittedAsync{T}(TaskOrchestrationContext, Orchestration.PortraitJob, Func{AdmissionSlot, Task{T}})"/>
/// gives it back at the end if the job did not. Only the first release is sent, at the same point on every replay.
/// </summary>
public sealed class AdmissionSlot
{
    private readonly TaskOrchestrationContext? _context;
    private readonly JobAdmissionPolicy? _policy;

    private AdmissionSlot(TaskOrchestrationContext? context, JobAdmissionPolicy? policy)
    {
        _context = context;
        _policy = policy;
    }

    /// <summary>The slot of a job that runs without admission: releasing it does nothing.</summary>
    public static AdmissionSlot None { get; } = new(null, null);

    public bool Released { get; private set; }

    internal static AdmissionSlot Held(TaskOrchestrationContext context, JobAdmissionPolicy policy) => new(context, policy);

    public void Release()
    {
        if (Released || _context is null || _policy is null)
        {
            return;
        }

        Released = true;
        JobAdmission.Leave(_context, _policy);
    }
}
