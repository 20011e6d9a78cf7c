namespace FaceChain.TinyModels;

/// <summary><see cref="PredictionType"/> is "epsilon" or "vPrediction".</summary>
public sealed record SchedulerSettings(
    string BetaSchedule,
    double BetaStart,
    double BetaEnd,
    int TrainTimesteps,
    string PredictionType,
    int StepsOffset)
{
    public const string Epsilon = "epsilon";
    public const string VPrediction = "vPrediction";

    /// <summary>Stable Diffusion 1.5's training schedule.</summary>
    public static SchedulerSettings StableDiffusion15(string predictionType) =>
        new("scaledLinear", 0.00085, 0.012, 1000, predictionType, 1);
}
