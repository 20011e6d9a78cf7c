namespace FaceChain.Diffusion.ModelSets;

/// <summary>The training noise schedule (mirrors diffusers' scheduler_config.json).</summary>
public sealed record SchedulerSpec(
    BetaSchedule BetaSchedule,
    double BetaStart,
    double BetaEnd,
    int TrainTimesteps,
    PredictionType PredictionType,
    int StepsOffset);
